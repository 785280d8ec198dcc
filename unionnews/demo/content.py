"""The demo sites' articles, loaded from the TOML files under ``content/``.

The same records feed the HTML templates and serve as the gold standard
the crawler's extraction is checked against, so they are parsed strictly.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

FAMILIES = ("portal", "joomla", "table", "html5")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class DemoImage:
    src: str
    alt: str
    caption: str
    after: int  # index into paragraphs; -1 places the image right after the lead


@dataclass(frozen=True)
class DemoArticle:
    id: int
    slug: str
    title: str
    published: datetime
    byline: str
    author: str
    category: str
    lead: str
    paragraphs: tuple[str, ...]
    images: tuple[DemoImage, ...]

    @property
    def body(self) -> str:
        """The gold text: what extraction must recover (no captions, no byline)."""
        return "\n\n".join(p for p in (self.lead, *self.paragraphs) if p)

    @property
    def intro(self) -> str:
        """What listings and feeds show under the title: the lead, else the first paragraph."""
        return self.lead or next(iter(self.paragraphs), "")

    @property
    def captions(self) -> tuple[str, ...]:
        return tuple(image.caption for image in self.images if image.caption)

    def images_after(self, index: int) -> tuple[DemoImage, ...]:
        """Images the templates place after ``paragraphs[index]`` (-1: after the lead)."""
        return tuple(image for image in self.images if image.after == index)


@dataclass(frozen=True)
class DemoSite:
    name: str
    family: str
    title: str
    domain_label: str
    province: str
    slogans: tuple[str, ...]
    listing_category: str
    articles: tuple[DemoArticle, ...]  # newest first, the order every listing uses


def load_sites(directory: Traversable | None = None) -> dict[str, DemoSite]:
    """Every ``*.toml`` in ``directory`` (default: the package's ``content/``), by profile name."""
    root = directory if directory is not None else files(__package__) / "content"
    sites: dict[str, DemoSite] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            site = _site(tomllib.loads(entry.read_text(encoding="utf-8")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{entry.name}: {exc}") from exc
        if site.name in sites:
            raise ValueError(f"{entry.name}: duplicate site name {site.name!r}")
        sites[site.name] = site
    return sites


def _site(data: dict[str, Any]) -> DemoSite:
    meta = data["site"]
    if meta["family"] not in FAMILIES:
        raise ValueError(f"unknown family {meta['family']!r}")
    articles = sorted((_article(a) for a in data.get("articles", [])),
                      key=lambda a: (a.published, a.id), reverse=True)
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids are not unique")
    return DemoSite(
        name=meta["name"],
        family=meta["family"],
        title=meta["title"],
        domain_label=meta["domain_label"],
        province=meta["province"],
        slogans=tuple(meta["slogans"]),
        listing_category=meta["listing_category"],
        articles=tuple(articles),
    )


def _article(data: dict[str, Any]) -> DemoArticle:
    published = data["published"]
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    if not isinstance(published, datetime) or published.utcoffset() is None:
        raise ValueError(f"article {data['id']}: published needs a timezone offset")
    if not _SLUG.fullmatch(data["slug"]):
        raise ValueError(f"article {data['id']}: bad slug {data['slug']!r}")
    paragraphs = tuple(data["paragraphs"])
    images = tuple(DemoImage(i["src"], i["alt"], i["caption"], i["after"])
                   for i in data.get("images", []))
    for image in images:
        if not -1 <= image.after < len(paragraphs):
            raise ValueError(f"article {data['id']}: image {image.src} placed after "
                             f"paragraph {image.after} of {len(paragraphs)}")
    return DemoArticle(
        id=data["id"],
        slug=data["slug"],
        title=data["title"],
        published=published,
        byline=data["byline"],
        author=data["author"],
        category=data["category"],
        lead=data["lead"],
        paragraphs=paragraphs,
        images=images,
    )
