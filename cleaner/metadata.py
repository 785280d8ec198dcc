"""Machine-readable metadata a page may carry: JSON-LD, OpenGraph and `<meta>` tags.

When a CMS publishes these, they are more reliable than anything read off the visible layout, so
they are consulted first for title, date, author and section.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

_ARTICLE_TYPES = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "WebPage"}


@dataclass(frozen=True)
class PageMetadata:
    title: str | None = None
    published: str | None = None
    author: str | None = None  # the article's own (schema.org, article:author)
    page_author: str | None = None  # <meta name="author">: on many CMSs the site's, printed on every page
    section: str | None = None
    site_name: str | None = None
    publisher: str | None = None  # JSON-LD's publisher: the site's owner, never the article's writer
    description: str | None = None  # the article's summary: most CMSs put the lead printed above the body here


# Everything metadata is read from, found in one pass over the document.
_SOURCES = etree.XPath(
    '//script[@type="application/ld+json"] | //meta | //*[@itemprop="datePublished"]'
    ' | //abbr[contains(@class, "published")]'
)


def _json_ld_objects(scripts: list[HtmlElement]) -> Iterator[dict[str, Any]]:
    for script in scripts:
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                yield item


def _names(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_names(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _meta_tags(metas: list[HtmlElement]) -> dict[str, str]:
    """Every `<meta>` by its property, name or itemprop (first wins)."""
    tags: dict[str, str] = {}
    for el in metas:
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            if (key := el.get(attr)) and key not in tags:
                tags[key] = content
    return tags


def _first_of(tags: dict[str, str], *keys: str) -> str | None:
    return next((tags[k] for k in keys if k in tags), None)


def read_metadata(tree: HtmlElement) -> PageMetadata:
    sources = _SOURCES(tree)
    scripts = [el for el in sources if el.tag == "script"]
    found: dict[str, str | None] = {}
    for obj in _json_ld_objects(scripts):
        kinds = obj.get("@type")
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        if not kinds & _ARTICLE_TYPES:
            continue
        found.setdefault("title", _names(obj.get("headline")))
        found.setdefault("published", _names(obj.get("datePublished")))
        found.setdefault("author", _names(obj.get("author")))
        found.setdefault("section", _names(obj.get("articleSection")))
        found.setdefault("publisher", _names(obj.get("publisher")))
        found.setdefault("description", _names(obj.get("description")))
    tags = _meta_tags([el for el in sources if el.tag == "meta"])
    # @title: Blogger and other hAtom pages print only the time; the full date is in the attribute.
    time_attr = [
        value for el in sources if el.tag != "script" and (el.get("itemprop") == "datePublished" or el.tag == "abbr")
        for value in (el.get("datetime"), el.get("content"), el.get("title")) if value
    ]  # fmt: skip
    return PageMetadata(
        title=found.get("title") or _first_of(tags, "og:title", "twitter:title"),
        published=found.get("published")
        or _first_of(tags, "article:published_time", "pubdate", "publishdate", "datePublished", "dc.date.issued")
        or (time_attr[0] if time_attr else None),
        author=found.get("author") or _first_of(tags, "article:author"),
        page_author=_first_of(tags, "author"),
        section=found.get("section") or _first_of(tags, "article:section"),
        site_name=_first_of(tags, "og:site_name"),
        publisher=found.get("publisher"),
        description=found.get("description") or _first_of(tags, "og:description", "description", "twitter:description"),
    )
