"""Answers a request target for one demo site: the whole site minus the socket.

Kept apart from the HTTP server so pages can be rendered and checked
without binding ports, and so the server stays a thin adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from math import ceil
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from . import dates
from .content import DemoSite
from .urls import PAGE_SIZE, SCHEMES, Route

HTML = "text/html; charset=utf-8"
RELATED = 3
LATEST = 5

TEMPLATES = PackageLoader(__package__, "templates")
_env = Environment(
    loader=TEMPLATES,
    autoescape=select_autoescape(("html", "xml")),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
_env.filters.update(dates.TEMPLATE_FILTERS)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    last_modified: datetime | None = None


class SiteApp:
    """One demo site, bound to the base URL its feeds and sitemaps must name."""

    def __init__(self, site: DemoSite, base_url: str) -> None:
        self.site = site
        self.base_url = base_url.rstrip("/")
        self.urls = SCHEMES[site.family]
        self.pages = max(1, ceil(len(site.articles) / PAGE_SIZE))
        self._index = {article.id: i for i, article in enumerate(site.articles)}

    def respond(self, target: str) -> Response:
        """Render the page for a request target such as ``/tintuc.asp?page=2&cat=2``."""
        parts = urlsplit(target)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if path == "/robots.txt":
            return self._render(200, "robots.txt", "text/plain; charset=utf-8")
        if path == "/":
            return self._render(200, "home.html", HTML, articles=self.site.articles[:PAGE_SIZE])
        route = self.urls.match(path, query)
        if route is None:
            return self._not_found()
        if route.kind == "listing":
            return self._listing(route.page)
        if route.kind == "article":
            return self._article(route)
        if route.kind == "feed":
            return self._render(200, "rss.xml", "application/rss+xml; charset=utf-8")
        return self._render(200, "sitemap.xml", "application/xml; charset=utf-8")

    def _not_found(self) -> Response:
        return self._render(404, "404.html", HTML)

    def _listing(self, page: int) -> Response:
        if page > self.pages:
            return self._not_found()
        start = PAGE_SIZE * (page - 1)
        articles = self.site.articles[start:start + PAGE_SIZE]
        return self._render(200, "listing.html", HTML, articles=articles, page=page)

    def _article(self, route: Route) -> Response:
        i = self._index.get(route.article_id)
        if i is None:
            return self._not_found()
        articles = self.site.articles
        article = articles[i]
        if route.slug is not None and route.slug != article.slug:
            return self._not_found()
        page = self._render(
            200, "article.html", HTML,
            article=article,
            related=(articles[i + 1:] + articles[:i])[:RELATED],
            newer=articles[i - 1] if i > 0 else None,
            older=articles[i + 1] if i + 1 < len(articles) else None,
        )
        return replace(page, last_modified=article.published)

    def _render(self, status: int, name: str, content_type: str, **context: Any) -> Response:
        template = _env.get_template(f"{self.site.family}/{name}")
        body = template.render(
            site=self.site,
            urls=self.urls,
            base_url=self.base_url,
            pages=self.pages,
            latest=self.site.articles[:LATEST],
            **context,
        )
        return Response(status, content_type, body.encode("utf-8"))

