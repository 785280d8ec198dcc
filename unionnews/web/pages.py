"""The HTML pages: search, an article, its raw page beside the clean text, and the sites."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from unionnews.web import queries
from unionnews.web.api import ArticleId, Params, State
from unionnews.web.chart import monthly_chart
from unionnews.web.feeds import feed_url
from unionnews.web.navigation import active_filters, facet_groups, pager
from unionnews.web.templating import templates
from unionnews.web.timeline import search_timeline

router = APIRouter(include_in_schema=False)

# The raw page is shown as fetched, so it gets a policy of its own: an opaque origin, no scripts,
# nothing loaded from anywhere (images and stylesheets of the original site stay away too).
RAW_PAGE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status_code)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=302)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> RedirectResponse:
    """Where browsers and feed readers look for an icon when a page names none (the pages name the SVG)."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, params: Params, state: State) -> HTMLResponse:
    if not params.selects:
        return render(request, "search.html", params=params, results=None, sites=queries.sites(state.archive),
                      filters=active_filters(params))  # fmt: skip
    results = state.search(params.request())
    return render(request, "search.html", params=params, results=results, facets=facet_groups(params, results),
                  filters=active_filters(params), pages=pager(params, results), feed=feed_url(params),
                  timeline=search_timeline(state, params) if results.total else None)  # fmt: skip


def _article(state: State, article_id: int) -> queries.ArticleView:
    found = queries.article(state.archive, article_id)
    if found is None:
        raise HTTPException(404, f"Không có bài viết số {article_id} (no such article).")
    return found


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId, state: State) -> HTMLResponse:
    return render(request, "article.html", article=_article(state, article_id))


@router.get("/articles/{article_id}/raw", response_class=HTMLResponse)
def raw_page(request: Request, article_id: ArticleId, state: State) -> HTMLResponse:
    found = _article(state, article_id)
    raw = queries.raw_page(state.archive, article_id, preview=queries.PREVIEW_BYTES)
    return render(request, "raw.html", article=found, raw=raw, preview=queries.PREVIEW_BYTES)


@router.get("/articles/{article_id}/raw/page")
def raw_document(article_id: ArticleId, state: State) -> Response:
    """The fetched page itself, for the sandboxed frame of the raw page."""
    pieces = queries.raw_document(state.archive, article_id)
    if pieces is None:
        raise HTTPException(404, f"Không có bài viết số {article_id} (no such article).")
    return StreamingResponse(pieces, media_type="text/html; charset=utf-8",
                             headers={"Content-Security-Policy": RAW_PAGE_POLICY})  # fmt: skip


@router.get("/sites", response_class=HTMLResponse)
def sites_page(request: Request, state: State) -> HTMLResponse:
    return render(request, "sites.html", sites=queries.sites(state.archive))


@router.get("/sites/{name}", response_class=HTMLResponse)
def site_page(request: Request, name: str, state: State) -> HTMLResponse:
    found = queries.site_overview(state.archive, name)
    if found is None:
        raise HTTPException(404, f"Không có trang tin «{name}» (no such site).")
    return render(request, "site.html", overview=found, chart=monthly_chart(found.months))
