"""One fixture site as a table of pages: request target -> rendered response.

The sites are small and fixed, so every page is enumerated up front from the family's URL
shapes; the same enumeration gives the gold its list of non-article pages. Only the search page
is dynamic (any query). Anything else is the site's own 404 page.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from unionnews.demo.dates import rfc822_date
from unionnews.demo.routes import Response
from unionnews.demo.routes import TEMPLATES as DEMO_TEMPLATES

from .families import SEARCH_TERM, Family, family_of
from .model import ROOT, Article, Site, load_site

HTML = "text/html; charset=utf-8"
LATEST = 5


@dataclass(frozen=True)
class Page:
    """A non-article page the site has: what it is and how to render it."""

    path: str
    kind: str  # home, category, tag, search, about, contact, documents, gallery, feed, sitemap, robots
    template: str
    context: dict[str, Any]


def _key(target: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Path and query of a target, compared as a CMS would: %-escapes decoded, parameters in any order."""
    parts = urlsplit(target)
    return unquote(parts.path), tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


class FixtureApp:
    """Answers request targets for one site bound to ``base_url`` (its feeds and canonicals name it)."""

    def __init__(self, key: str, base_url: str = "") -> None:
        self.site: Site = load_site(key)
        self.family: Family = family_of(self.site)
        self.base_url = base_url.rstrip("/")
        self._env = Environment(
            # Beside the site's own: the page parts the demo sites' templates share with these (shared/*.html).
            loader=ChoiceLoader([FileSystemLoader([ROOT / key, ROOT / "_shared"]), DEMO_TEMPLATES]),
            autoescape=select_autoescape(("html", "xml")),
            trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined,
        )
        # Machine-readable dates (meta tags, JSON-LD, sitemaps) carry the precision the page prints,
        # so the gold's "as printed" time is also the one in the page's metadata.
        self._env.filters.update(printed=self.family.date, iso=self.family.gold_published, rfc822=rfc822_date)
        self._routes: dict[tuple[str, tuple[tuple[str, str], ...]], Callable[[], Response]] = {}
        for page in self.pages():
            self._routes[_key(page.path)] = self._page_renderer(page)
        for article in self.site.articles:
            for path in (self.family.article(article), *self.family.alternates(article)):
                self._routes[_key(path)] = self._article_renderer(article)

    # What the site has.
    def pages(self) -> Iterator[Page]:
        site, f = self.site, self.family
        yield Page("/", "home", "list.html", {"kind": "home", "items": site.articles[: site.page_size * 2]})
        for category in site.categories:
            members = site.in_category(category)
            yield from self._paged(category.name, "category", members, lambda n, c=category: f.category(c, n),
                                   category=category)
        for tag, label in site.tags.items():
            yield from self._paged(label, "tag", site.with_tag(tag), lambda n, t=tag: f.tag(t, n), tag=tag)
        for kind, path in f.pages.items():
            yield Page(path, kind, "page.html", {"kind": kind})
        yield Page("/robots.txt", "robots", "robots.txt", {})
        if f.feed_path:
            yield Page(f.feed_path, "feed", "rss.xml", {"items": [a for a in site.articles if a.category.union]})
        if f.sitemap_path:
            yield Page(f.sitemap_path, "sitemap", "sitemap.xml", {"items": site.articles})

    def _paged(self, heading: str, kind: str, members: tuple[Article, ...], url: Callable[[int], str],
               **extra: Any) -> Iterator[Page]:
        size, pages = self.site.page_size, self.family.pages_of(len(members))
        for n in range(1, pages + 1):
            yield Page(url(n), kind, "list.html", {
                "kind": kind, "heading": heading, "items": members[size * (n - 1): size * n],
                "page": n, "pages": pages, "page_url": url, **extra,
            })

    # Answering.
    def respond(self, target: str) -> Response:
        path, query = _key(target)
        render = self._routes.get((path, query))
        if render is not None:
            return render()
        search = self.family.search
        params = dict(query)
        if path == search.path and search.param in params and all(params.get(k) == v for k, v in search.fixed):
            return self._search(params[search.param])
        return self._render(404, "page.html", HTML, kind="404")

    def _page_renderer(self, page: Page) -> Callable[[], Response]:
        types = {"robots": "text/plain; charset=utf-8", "feed": "application/rss+xml; charset=utf-8",
                 "sitemap": "application/xml; charset=utf-8"}
        return lambda: self._render(200, page.template, types.get(page.kind, HTML), **page.context)

    def _article_renderer(self, article: Article) -> Callable[[], Response]:
        def render() -> Response:
            same = [a for a in self.site.in_category(article.category) if a is not article]
            response = self._render(200, "article.html", HTML, kind="article", article=article, related=same[:4])
            return Response(response.status, response.content_type, response.body, article.published)
        return render

    def _search(self, term: str) -> Response:
        needle = term.casefold()
        found = [a for a in self.site.articles
                 if needle in a.title.casefold() or any(needle in p.casefold() for p in a.text.paragraphs)]
        return self._render(200, "list.html", HTML, kind="search", heading=f"Kết quả tìm kiếm: {term}",
                            items=found, term=term, page=1, pages=1, page_url=lambda n: self.family.search.url(term))

    def _render(self, status: int, template: str, content_type: str, **context: Any) -> Response:
        site = self.site
        body = self._env.get_template(template).render(
            site=site, u=self.family, base=self.base_url, latest=site.articles[:LATEST],
            most_read=sorted(site.articles, key=lambda a: zlib.crc32(a.title.encode()))[:LATEST],
            visits=_visits(site.key), search_term=SEARCH_TERM, union_categories=[c for c in site.categories if c.union],
            **context,
        )
        return Response(status, content_type, body.encode("utf-8"))


def _visits(key: str) -> dict[str, int]:
    """A visitor counter that looks lived-in and stays put between runs."""
    seed = zlib.crc32(key.encode())
    return {"online": seed % 40 + 3, "today": seed % 900 + 120, "yesterday": seed % 1500 + 800,
            "total": seed % 2_000_000 + 350_000}
