"""What a probe reads on one HTML page: its links (with where they stand), canonical, feeds, generator.

A link in a menu and a link in the page's content mean different things to discovery: menus lead to
listing pages, the content of a listing leads to articles. So each link carries whether it stands
inside navigation, and its anchor text, whose length separates headlines from menu labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from cleaner.decode import decode_html

_MENU = re.compile(r"\b(?:nav\w*|\w*menu\w*|navbar|topbar|header|footer|breadcrumbs?|danh-?muc|sidebar)\b",
                   re.IGNORECASE)  # fmt: skip
_MENU_TAGS = {"nav", "header", "footer"}
_SKIP_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "#")
_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp[34]|avi|wmv|flv|"
                   r"css|js|xml|json|txt|exe|apk)$", re.IGNORECASE)  # fmt: skip
_PARSER = lxml.html.HTMLParser(remove_comments=True, collect_ids=False)


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # anchor text, whitespace squashed
    in_menu: bool  # inside navigation, a header or footer: the site's furniture


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    links: tuple[Link, ...]
    canonical: str | None  # <link rel=canonical>, absolute
    feeds: tuple[str, ...]  # <link rel=alternate type=application/rss+xml|atom+xml>
    generator: str  # <meta name=generator>, the CMS's own name when it gives one
    next_page: str | None  # <link rel=next> or <a rel=next>


def is_file(url: str) -> bool:
    """A download (image, document, script), never a page worth fetching for links."""
    return bool(_FILE.search(urlsplit(url).path))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _in_menu(el: etree._Element) -> bool:
    for node in el.iterancestors():
        if node.tag in _MENU_TAGS or node.get("role") == "navigation":
            return True
        if _MENU.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def read_page(url: str, body: bytes, content_type: str | None = None) -> Page:
    html = re.sub(r"^\s*<\?xml[^>]*>", "", decode_html(body, content_type))
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return Page(url, "", (), None, (), "", None)
    base = urljoin(url, (tree.xpath("//base/@href") or [url])[0])
    links = []
    next_page = None
    for a in tree.iter("a"):
        target = absolute(base, a.get("href", ""))
        if target is None:
            continue
        links.append(Link(target, _squash(a.text_content()), _in_menu(a)))
        if "next" in (a.get("rel") or "").lower().split():
            next_page = target
    canonical = None
    feeds: list[str] = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = absolute(base, link.get("href", ""))
        if href is None:
            continue
        if "canonical" in rel and canonical is None:
            canonical = href
        elif "next" in rel and next_page is None:
            next_page = href
        elif "alternate" in rel and re.search(r"(rss|atom)\+xml", link.get("type", ""), re.IGNORECASE):
            feeds.append(href)
    generator = next((m.get("content", "") for m in tree.iter("meta") if (m.get("name") or "").lower() == "generator"),
                     "")  # fmt: skip
    title = _squash(tree.findtext(".//title") or "")
    return Page(url, title, tuple(links), canonical, tuple(dict.fromkeys(feeds)), _squash(generator), next_page)
