"""Is the cleaned page an article? The test a page must pass when its URL alone cannot say.

Run on any page of a site, the cleaner finds a "headline", a "date" and a "body" on listing pages,
home pages and "about" pages too: a listing's first headline and its summary read like an article.
Where a site profile names its article URLs exactly, that is no harm; where discovery walks a site
whose URLs do not tell (slug-only addresses, or no profile at all), this test decides what is
archived as an article. An article has:
- a date: news is dated; an undated page is an "about", contact or document page;
- a headline of its own: on a listing, what reads as the headline is a link to another page;
- a body of prose, not of links: a listing's lines are the anchor texts of its links (headlines),
  with at most a summary under each;
- enough prose to be a story, not a caption or a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from cleaner.article import CleanedArticle

_MIN_PROSE_WORDS = 30  # the shortest union brief seen is about fifty words
_MIN_SENTENCE_WORDS = 10  # at least one line long enough to be a sentence
_MIN_LINK_TEXT = 15  # shorter anchor texts ("Xem tiếp", "Trang 2") are not headlines


def _address(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}?{parts.query}"


@dataclass(frozen=True)
class PageLinks:
    """The page's headline-long links (text → where they lead) and the addresses of the page itself."""

    targets: dict[str, set[str]]
    own: set[str]

    @classmethod
    def read(cls, tree: HtmlElement, url: str) -> PageLinks:
        own = {_address(url)}
        for href in tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content'):
            own.add(_address(urljoin(url, href.strip())))
        targets: dict[str, set[str]] = {}
        for a in tree.iter("a"):
            text = " ".join(a.text_content().split())
            if len(text) >= _MIN_LINK_TEXT and (href := (a.get("href") or "").strip()):
                targets.setdefault(text, set()).add(_address(urljoin(url, href.split("#")[0])))
        return cls(targets, own)

    def elsewhere(self, text: str) -> bool:
        """A link with this text leads to another page."""
        return bool(self.targets.get(text, set()) - self.own)

    def is_link_line(self, line: str) -> bool:
        """The line is (mostly) a link's text: a headline in a list, perhaps with its date beside it."""
        if line in self.targets:
            return True
        return any(len(text) <= len(line) and len(text) * 5 >= len(line) * 3 and text in line for text in self.targets)


def rejection(article: CleanedArticle, links: PageLinks) -> str | None:
    """Why the page is not an article, or None when it is one."""
    if article.published is None:
        return "not an article: no date"
    if links.elsewhere(article.title):
        return "not an article: its headline links to another page"
    lines = [line for line in article.body.split("\n\n") if line.strip()]
    linked = [line for line in lines if links.is_link_line(line)]
    if len(linked) >= 2 and len(linked) * 3 >= len(lines):
        return f"not an article: a list of links ({len(linked)} of {len(lines)} lines)"
    prose = [len(line.split()) for line in lines if line not in linked]
    if sum(prose) < _MIN_PROSE_WORDS or max(prose, default=0) < _MIN_SENTENCE_WORDS:
        return f"not an article: too little prose ({sum(prose)} words)"
    return None
