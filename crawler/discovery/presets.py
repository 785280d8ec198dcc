"""The CMS families of presets.toml: what discovery tries first, as data, never as a requirement."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Family:
    key: str
    name: str
    generator: tuple[str, ...]
    article: tuple[str, ...]
    listing: tuple[str, ...]
    start: tuple[str, ...]
    body: str

    def names(self, generator: str) -> bool:
        return any(word.lower() in generator.lower() for word in self.generator)

    def article_match(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.article)


@dataclass(frozen=True)
class Variants:
    print: tuple[re.Pattern[str], ...]
    tracking: re.Pattern[str]  # parameter names that never select content

    def is_print(self, url: str) -> bool:
        return any(p.search(url) for p in self.print)


@cache
def _data() -> dict[str, Any]:
    """presets.toml, read as a package resource: a Scrapyd egg is a zip, and crawls there walk sites too."""
    return tomllib.loads((resources.files(__package__) / "presets.toml").read_text(encoding="utf-8"))


@cache
def families() -> tuple[Family, ...]:
    data = _data()
    return tuple(
        Family(
            key,
            f["name"],
            tuple(f["generator"]),
            tuple(f["article"]),
            tuple(f["listing"]),
            tuple(f["start"]),
            f["body"],
        )  # fmt: skip
        for key, f in data["family"].items()
    )


@cache
def variants() -> Variants:
    data = _data()["variants"]
    names = "|".join((*data["tracking"], *data["session"]))
    return Variants(tuple(re.compile(p) for p in data["print"]), re.compile(rf"^(?:{names})$", re.IGNORECASE))


@cache
def _sections() -> tuple[tuple[str, ...], frozenset[str]]:
    data = _data()["sections"]
    return tuple(data["union"]), frozenset(data["news"])


def union_sections(sections: list[str]) -> list[str]:
    """The path prefixes a newspaper's union news sits under, or [] when the site is not such a newspaper.

    `sections` are the first path segments that hold articles. A federation's own site may call a
    section anything ("tin-tuc", "hoat-dong-cong-doan"): only general-news sections beside a union one
    show a newspaper, and only then is anything left out.
    """
    union, news = _sections()
    if sum(s.lower() in news for s in sections) < 2:
        return []
    kept: list[str] = []
    for section in sections:
        for name in union:
            if section.lower() == name or (name.endswith("-") and section.lower().startswith(name)):
                prefix = "/" + (name if name.endswith("-") else section)
                kept += [prefix] if prefix not in kept else []
                break
    return kept


def guess_family(generator: str, urls: list[str]) -> Family | None:
    """The family the generator names, else the one whose article patterns match most of the links (two at least)."""
    for family in families():
        if generator and family.names(generator):
            return family
    counts = [(sum(family.article_match(u) for u in urls), family) for family in families()]
    best = max(counts, key=lambda c: c[0], default=(0, None))
    return best[1] if best[0] >= 2 else None
