"""Each CMS family's URL scheme, both ways: building links and matching requests.

The crawler's site profiles are written against these exact URLs, so the
templates build every link here and the server accepts only what these
schemes would produce (plus harmless variants such as an explicit page 1
or reordered query parameters).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from .content import DemoArticle

PAGE_SIZE = 4

Query = Mapping[str, str]


@dataclass(frozen=True)
class Route:
    """What a request asks for; ``slug`` is None where the URL carries only the id."""

    kind: Literal["listing", "article", "feed", "sitemap"]
    page: int = 1
    article_id: int = 0
    slug: str | None = None


class UrlScheme(Protocol):
    def listing(self, page: int = 1) -> str: ...
    def article(self, article: DemoArticle) -> str: ...
    def match(self, path: str, query: Query) -> Route | None: ...


def _number(value: str | None, default: int) -> int | None:
    """A plain decimal query value; None for anything a CMS would not link to."""
    if value is None:
        return default
    return int(value) if value.isascii() and value.isdigit() else None


def _listing(page: int | None) -> Route | None:
    return Route("listing", page=page) if page is not None and page >= 1 else None


class _SluggedUrls:
    """A scheme whose article URLs are paths carrying the slug and the id, declared once as a format
    (``{slug}``, ``{id}``) that builds the links and, turned into a pattern, matches them back."""

    ARTICLE: str
    _pattern: re.Pattern[str]

    def __init_subclass__(cls) -> None:
        parts = re.split(r"(\{slug\}|\{id\})", cls.ARTICLE)
        fields = {"{slug}": r"(?P<slug>[a-z0-9-]+)", "{id}": r"(?P<id>\d+)"}
        cls._pattern = re.compile("".join(fields.get(part, re.escape(part)) for part in parts))

    def article(self, article: DemoArticle) -> str:
        return self.ARTICLE.format(slug=article.slug, id=article.id)

    def _article(self, path: str) -> Route | None:
        m = self._pattern.fullmatch(path)
        return Route("article", article_id=int(m["id"]), slug=m["slug"]) if m else None


class PortalUrls(_SluggedUrls):
    """``/tin-tuc/hoat-dong-cong-doan.html?page=2``, articles ``…/<slug>-<id>.html``."""

    _LISTING = "/tin-tuc/hoat-dong-cong-doan.html"
    ARTICLE = "/tin-tuc/hoat-dong-cong-doan/{slug}-{id}.html"

    def listing(self, page: int = 1) -> str:
        return self._LISTING if page == 1 else f"{self._LISTING}?page={page}"

    def match(self, path: str, query: Query) -> Route | None:
        if path == self._LISTING:
            return _listing(_number(query.get("page"), 1))
        return self._article(path)


class JoomlaUrls(_SluggedUrls):
    """``/index.php/tin-tuc?start=4`` (offsets, not pages), articles ``…/<id>-<slug>``, RSS feed."""

    _LISTING = "/index.php/tin-tuc"
    ARTICLE = "/index.php/tin-tuc/{id}-{slug}"
    feed = f"{_LISTING}?format=feed&type=rss"

    def listing(self, page: int = 1) -> str:
        return self._LISTING if page == 1 else f"{self._LISTING}?start={PAGE_SIZE * (page - 1)}"

    def match(self, path: str, query: Query) -> Route | None:
        if path == self._LISTING:
            if query.get("format") == "feed" and query.get("type") == "rss":
                return Route("feed")
            start = _number(query.get("start"), 0)
            if start is None or start % PAGE_SIZE:
                return None
            return _listing(start // PAGE_SIZE + 1)
        return self._article(path)


class TableUrls:
    """``/tintuc.asp?cat=2&page=2``, articles ``/chitiet.asp?id=<id>&cat=2``; IIS ignores path case."""

    _CATEGORY = "2"

    def listing(self, page: int = 1) -> str:
        suffix = "" if page == 1 else f"&page={page}"
        return f"/tintuc.asp?cat={self._CATEGORY}{suffix}"

    def article(self, article: DemoArticle) -> str:
        return f"/chitiet.asp?id={article.id}&cat={self._CATEGORY}"

    def match(self, path: str, query: Query) -> Route | None:
        path = path.lower()
        if path == "/tintuc.asp" and query.get("cat") == self._CATEGORY:
            return _listing(_number(query.get("page"), 1))
        if path == "/chitiet.asp" and query.get("cat", self._CATEGORY) == self._CATEGORY:
            article_id = _number(query.get("id"), 0)
            return Route("article", article_id=article_id) if article_id else None
        return None


class Html5Urls(_SluggedUrls):
    """``/tin-tuc/trang-2``, articles ``/bai-viet/<slug>-<id>``, ``/sitemap.xml``."""

    _PAGE = re.compile(r"/tin-tuc(?:/trang-(\d+))?")
    ARTICLE = "/bai-viet/{slug}-{id}"

    def listing(self, page: int = 1) -> str:
        return "/tin-tuc" if page == 1 else f"/tin-tuc/trang-{page}"

    def match(self, path: str, query: Query) -> Route | None:
        if path == "/sitemap.xml":
            return Route("sitemap")
        if m := self._PAGE.fullmatch(path):
            return _listing(int(m[1] or 1))
        return self._article(path)


SCHEMES: dict[str, UrlScheme] = {
    "portal": PortalUrls(),
    "joomla": JoomlaUrls(),
    "table": TableUrls(),
    "html5": Html5Urls(),
}
