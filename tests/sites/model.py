"""The fixture sites' content: one pool of article texts, one ``site.toml`` per site.

A text may appear on two sites (a federation's story reposted by the newspaper, a national
directive reposted by two federations), so texts live once in ``pool.toml`` and each site only
says which texts it carries, under which ids and categories. The pages and the gold are both
rendered from these records, so they are parsed strictly.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
KEYS = ("nukeviet", "liferay", "dnn", "aspnet", "tintuc", "slug", "laodong")


@dataclass(frozen=True)
class Image:
    src: str
    caption: str
    after: int  # index of the paragraph the image follows


@dataclass(frozen=True)
class Text:
    """One article text as its author wrote it, independent of any site."""

    ref: str
    title: str
    published: datetime
    byline: str  # as printed ("Tin, ảnh: Đỗ Thị Gấm"); "" when the article is unsigned
    author: str | None  # what a researcher records ("Đỗ Thị Gấm")
    paragraphs: tuple[str, ...]
    images: tuple[Image, ...]
    tags: tuple[str, ...]

    def images_after(self, index: int) -> tuple[Image, ...]:
        return tuple(i for i in self.images if i.after == index)


@dataclass(frozen=True)
class Category:
    key: str
    id: int
    name: str
    union: bool  # False for a newspaper's non-union sections, which a profile must not take
    extra: dict[str, Any]  # family-specific: Liferay instance, DNN tab, ...


@dataclass(frozen=True)
class Article:
    id: int
    text: Text
    category: Category
    also: Category | None  # a second category listing the same article under its own URL
    url_title: str | None  # a slug the CMS chose itself (Liferay's de-duplicated "...-2")

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def published(self) -> datetime:
        return self.text.published

    @property
    def tags(self) -> tuple[str, ...]:
        return self.text.tags


@dataclass(frozen=True)
class Document:
    number: str
    date: str
    title: str


@dataclass(frozen=True)
class Site:
    key: str
    family: str
    name: str
    host: str  # the real-looking host named in the page text; the site is served on 127.0.0.1
    province: str
    slogans: tuple[str, ...]
    page_size: int
    categories: tuple[Category, ...]
    articles: tuple[Article, ...]  # newest first, the order of every listing
    tags: dict[str, str]  # tag key -> label, only tags some article of this site carries
    disallow: tuple[str, ...]
    about: tuple[str, ...]
    contact: dict[str, str]
    documents: tuple[Document, ...]
    externals: tuple[tuple[str, str], ...] = field(default=())  # (label, URL on another host)

    def in_category(self, category: Category) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if category in (a.category, a.also))

    def with_tag(self, tag: str) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if tag in a.tags)


def _nfc(value: Any) -> Any:
    """Every string of the data in NFC, so the pages and the gold agree byte for byte."""
    if isinstance(value, str):
        if not unicodedata.is_normalized("NFC", value):
            raise ValueError(f"not NFC: {value[:40]!r}")
        return value
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _load(path: Path) -> dict[str, Any]:
    return _nfc(tomllib.loads(path.read_text(encoding="utf-8")))


@cache
def pool() -> tuple[dict[str, Text], dict[str, str], dict[str, Any]]:
    """(texts by ref, tag labels, shared page content) from ``pool.toml``."""
    data = _load(ROOT / "pool.toml")
    texts: dict[str, Text] = {}
    for raw in data["text"]:
        paragraphs = tuple(raw["paragraphs"])
        images = tuple(Image(i["src"], i["caption"], i["after"]) for i in raw.get("images", []))
        if raw["ref"] in texts:
            raise ValueError(f"pool: duplicate ref {raw['ref']}")
        if raw["published"].utcoffset() is None:
            raise ValueError(f"pool: {raw['ref']} has no UTC offset")
        if any(not 0 <= i.after < len(paragraphs) for i in images):
            raise ValueError(f"pool: {raw['ref']} places an image after a missing paragraph")
        unknown = set(raw.get("tags", [])) - set(data["tags"])
        if unknown:
            raise ValueError(f"pool: {raw['ref']} has undeclared tags {sorted(unknown)}")
        texts[raw["ref"]] = Text(
            ref=raw["ref"], title=raw["title"], published=raw["published"], byline=raw.get("byline", ""),
            author=raw.get("author"), paragraphs=paragraphs, images=images, tags=tuple(raw.get("tags", [])),
        )
    return texts, data["tags"], data["shared"]


@cache
def load_site(key: str) -> Site:
    texts, tag_labels, shared = pool()
    data = _load(ROOT / key / "site.toml")
    meta = data["site"]
    categories = {
        c["key"]: Category(c["key"], c["id"], c["name"], c.get("union", True),
                           {k: v for k, v in c.items() if k not in ("key", "id", "name", "union")})
        for c in data["category"]
    }
    articles = [
        Article(a["id"], texts[a["text"]], categories[a["category"]],
                categories[a["also"]] if "also" in a else None, a.get("url_title"))
        for a in data["article"]
    ]
    articles.sort(key=lambda a: (a.published, a.id), reverse=True)
    for what, values in (("article id", [a.id for a in articles]), ("text", [a.text.ref for a in articles])):
        repeated = [v for v, n in Counter(values).items() if n > 1]
        if repeated:
            raise ValueError(f"{key}: repeated {what} {repeated}")
    tags = {t: tag_labels[t] for t in tag_labels if any(t in a.tags for a in articles)} if meta["tags"] else {}
    about = tuple(p.format(name=meta["name"], province=meta["province"]) for p in shared["about"])
    return Site(
        key=key, family=meta["family"], name=meta["name"], host=meta["host"], province=meta["province"],
        slogans=tuple(meta["slogans"]), page_size=meta["page_size"], categories=tuple(categories.values()),
        articles=tuple(articles), tags=tags,
        disallow=tuple(meta.get("disallow", [])), about=about, contact=data["contact"],
        documents=tuple(Document(**d) for d in shared["documents"]),
        externals=tuple((e["label"], e["url"]) for e in meta.get("externals", shared["externals"])),
    )


def text_usage() -> Counter[str]:
    """How many sites carry each pool text (the brief allows two at most)."""
    return Counter(a["text"] for key in KEYS for a in _load(ROOT / key / "site.toml")["article"])
