"""Is the cleaned page an article? The test a page must pass when its URL alone cannot say.

Run on any page of a site, the cleaner finds a "headline", a "date" and a "body" on listing pages,
home pages and "about" pages too: a listing's first headline and its summary read like an article.
Where a site profile names its article URLs exactly, that is no harm; where discovery walks a site
whose URLs do not tell (slug-only addresses, or no profile at all), this test decides what is
archived as an article. An article has:
- a date: news is dated; an undated page is an "about", contact or document page;
- a headline of its own: on a listing, what reads as the headline is a link to another page, or
  the section's name in the site's menu (a category page is what its menu item leads to);
- a body of prose, not of links: a listing's lines are the anchor texts of links to other pages
  (headlines), with at most a summary under each;
- enough prose to be a story, in sentences: not a caption, a notice or a table of documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from cleaner.article import CleanedArticle

_MIN_PROSE_WORDS = 30  # the shortest union brief seen is about fifty words
_MIN_SENTENCE_WORDS = 10  # at least one line long enough to be a sentence
# Prose ends its paragraphs as sentences end; a table of documents or a list of names does not.
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’»)]*\s*$")
_HEADLINE_WORDS = 6  # a line this long that is another page's link text is that page's headline
_MIN_LINK_TEXT = 15  # shorter anchor texts ("Xem tiếp", "Trang 2") are not headlines
_MENU_TAGS = ("nav", "header")
_MENU = re.compile(r"(?:^|[\s_-])(?:nav\w*|\w*menu\w*|navbar|topbar)(?:$|[\s_-])", re.IGNORECASE)


def _address(url: str) -> str:
    """A URL compared as a page: host without www., no trailing slash, percent-encoding undone (a link may
    print "đ" raw where the request sent it encoded), the query's parameters in any order (the crawl
    requests a link's parameters sorted, as the archive keys it)."""
    parts = urlsplit(url)
    query = "&".join(sorted(unquote(pair) for pair in parts.query.split("&") if pair))
    return f"{(parts.hostname or '').removeprefix('www.')}{unquote(parts.path).rstrip('/')}?{query}"


@dataclass(frozen=True)
class PageLinks:
    """The page's headline-long links (text → where they lead), its menu labels, and its own addresses."""

    targets: dict[str, set[str]]
    own: set[str]
    menu: set[str]

    @classmethod
    def read(cls, tree: HtmlElement, url: str) -> PageLinks:
        own = {_address(url)}
        for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
            own.add(_address(urljoin(url, href.strip())))
        targets: dict[str, set[str]] = {}
        menu: set[str] = set()
        for a in tree.iter("a"):
            text = " ".join(a.text_content().split())
            if not text or not (href := (a.get("href") or "").strip()):
                continue
            if len(text) >= _MIN_LINK_TEXT:
                targets.setdefault(text, set()).add(_address(urljoin(url, href.split("#")[0])))
            if len(text.split()) < _HEADLINE_WORDS and _in_menu(a):  # a label, not a "latest news" headline
                menu.add(text.casefold())
        return cls(targets, own, menu)

    def elsewhere(self, text: str) -> bool:
        """A link with this text leads to another page of the same site."""
        hosts = {own.split("/", 1)[0] for own in self.own}
        return any(t.split("/", 1)[0] in hosts for t in self.targets.get(text, set()) - self.own)

    def is_link_line(self, line: str) -> bool:
        """The line is (mostly) a link's text: a headline in a list, perhaps with its date beside it."""
        if line in self.targets:
            return True
        return any(len(text) <= len(line) and len(text) * 5 >= len(line) * 3 and text in line for text in self.targets)


def _in_menu(el: HtmlElement) -> bool:
    return any(
        node.tag in _MENU_TAGS
        or node.get("role") == "navigation"
        or _MENU.search(f"{node.get('class', '')} {node.get('id', '')}")
        for node in el.iterancestors()
    )


def rejection(article: CleanedArticle, links: PageLinks, lead_in: Sequence[str] = ()) -> str | None:
    """Why the page is not an article, or None when it is one.

    `lead_in`: the link standing just above the body's first line (cleaner.html._lead_in). There an
    article prints its byline or lead; a listing, the headline of its first story.
    """
    if article.published is None:
        return "not an article: no date"
    if links.elsewhere(article.title):
        return "not an article: its headline links to another page"
    if article.title.casefold() in links.menu:
        return "not an article: its headline is a menu label"
    lines = [line for line in article.body.split("\n\n") if line.strip()]
    # Lines that are links to other pages of the site (a table of contents links to the page itself).
    linked = [line for line in lines if links.is_link_line(line) and links.elsewhere(line)]
    # Headlines of other pages standing in the body, or just above it: an article links from its words,
    # and a call to action may stand alone once, but a listing is made of them.
    headlines = [line for line in linked if len(line.split()) >= _HEADLINE_WORDS]
    lead = [text for text in (*lead_in, *lines[:1]) if links.elsewhere(text) and len(text.split()) >= _HEADLINE_WORDS
            and links.is_link_line(text)]  # fmt: skip
    if len(headlines) >= 2 or lead or (len(linked) >= 2 and len(linked) * 3 >= len(lines)):
        return f"not an article: a list of links ({len(linked)} of {len(lines)} lines)"
    prose = [len(line.split()) for line in lines if line not in linked and _SENTENCE_END.search(line)]
    if sum(prose) < _MIN_PROSE_WORDS or max(prose, default=0) < _MIN_SENTENCE_WORDS:
        return f"not an article: too little prose ({sum(prose)} words in sentences)"
    return None
