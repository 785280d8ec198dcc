"""The JSON API: everything the pages show, documented at /openapi.json (and browsable at /docs)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from archive.export import load_schema
from archive.models import CrawlRun
from search.engine import SearchResults
from unionnews.web import models, queries
from unionnews.web.chart import months_between
from unionnews.web.params import BadRequest, SearchParams, search_params
from unionnews.web.state import WebState
from unionnews.web.timeline import search_timeline
from unionnews.web.views import cite
from vnlang.dates import iso_local

ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": models.Error, "description": "A bad parameter"},
                                           404: {"model": models.Error, "description": "No such article or site"}}  # fmt: skip
router = APIRouter(prefix="/api", responses=ERRORS)
Params = Annotated[SearchParams, Depends(search_params)]


def web_state(request: Request) -> WebState:
    return request.app.state.web


State = Annotated[WebState, Depends(web_state)]
ArticleId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Archive id of the article")]
Histogram = Annotated[Literal["month", "year"] | None,
                      Query(description="Also return hits per month or year over the whole result set")]  # fmt: skip


def search_response(params: SearchParams, results: SearchResults) -> models.SearchResponse:
    hits = [
        models.Hit(id=h.id, url=h.url, title=h.title, published=iso_local(h.published), site=h.site, province=h.province,
                   author=h.author, category=h.category, score=h.score, snippet=h.snippet, article=f"/articles/{h.id}")
        for h in results.hits
    ]  # fmt: skip
    filters: dict[str, Any] = {}
    for name, value in params.items(paging=False):
        if name not in ("q", "sort"):
            filters.setdefault(name, []).append(value)
    facets = {name: [models.FacetValue(value=str(v), count=c) for v, c in values]
              for name, values in results.facets.items()}  # fmt: skip
    downloads = {fmt: params.url("/api/export", paging=False, format=fmt) for fmt in ("jsonl", "json", "csv")}
    sort = params.sort if params.q else "date"  # without a query nothing is ranked: newest first
    return models.SearchResponse(query=params.q, filters=filters, total=results.total, page=results.page,
                                 pages=results.pages, limit=params.limit, sort=sort, hits=hits, facets=facets,
                                 suggestion=results.suggestion, downloads=downloads)  # fmt: skip


@router.get("/search", response_model=models.SearchResponse, summary="Search the archive")
def search(params: Params, state: State, histogram: Histogram = None) -> Any:
    """Ranked hits with highlighted snippets, facet counts over the whole result set, and download links.

    Without q, every article the filters keep, newest first. With `histogram=month` (or `year`), the
    response also has `histogram`: hits per period over the whole result set, each with the search narrowed
    to it (unionnews.web.timeline)."""
    if not params.selects:
        raise BadRequest("q: nhập từ khóa hoặc chọn bộ lọc (a query or a filter is required)")
    response = search_response(params, state.search(params.request()))
    if histogram is None:
        return response
    found = search_timeline(state, params, histogram)
    periods = [{"period": p.label, "count": p.count, "search": p.search} for p in (found.periods if found else [])]
    return JSONResponse({**response.model_dump(mode="json"), "histogram": periods})


def run_model(run: CrawlRun | None) -> models.CrawlRunRecord | None:
    if run is None:
        return None
    return models.CrawlRunRecord(id=run.id, started_at=iso_local(run.started_at) or "", finished_at=iso_local(run.finished_at),
                           status=run.status, fetched=run.fetched, new=run.new, updated=run.updated,
                           unchanged=run.unchanged, failed=run.failed)  # fmt: skip


def site_model(site: queries.SiteSummary) -> models.Site:
    return models.Site(name=site.name, province=site.province, base_url=site.base_url, articles=site.articles,
                       undated=site.undated, first_published=iso_local(site.first_published),
                       last_published=iso_local(site.last_published), last_crawl=run_model(site.last_run),
                       fetch_failures=site.fetch_failures, extraction_failures=site.extraction_failures)  # fmt: skip


@router.get("/articles/{article_id}", response_model=models.ArticleRecord, summary="One article")
def article(article_id: ArticleId, state: State) -> models.ArticleRecord:
    """The cleaned article as the export writes it, with its entities and figures."""
    found = queries.article(state.archive, article_id)
    if found is None:
        raise HTTPException(404, f"không có bài viết {article_id} (no such article)")
    origin = found.provenance
    provenance = models.Provenance(source=origin.source, captured=iso_local(origin.captured_at) or "",
                                   accessed=iso_local(origin.fetched_at) or "", archived_copy=origin.archived_copy,
                                   sha256=origin.sha256, captures=origin.captures,
                                   cite=cite(found.record, origin.captured_at, origin.fetched_at, origin.archived_copy))  # fmt: skip
    return models.ArticleRecord(**found.record, first_seen=iso_local(found.first_seen) or "", updated_at=iso_local(found.updated_at) or "",
                          raw=f"/api/articles/{article_id}/raw", provenance=provenance)  # fmt: skip


@router.get("/articles/{article_id}/raw", response_model=models.RawPage, summary="The raw page an article came from")
def raw(article_id: ArticleId, state: State) -> models.RawPage:
    """The page as fetched (decoded HTML), with its fetch metadata and any extraction error."""
    found = queries.raw_page(state.archive, article_id)
    if found is None:
        raise HTTPException(404, f"không có bài viết {article_id} (no such article)")
    return models.RawPage(article_id=found.article_id, url=found.url, fetched_url=found.fetched_url,
                          status=found.status, content_type=found.content_type, fetched_at=iso_local(found.fetched_at) or "",
                          sha256=found.sha256, stored_bytes=found.stored_bytes, html_bytes=found.html_bytes,
                          error=found.unreadable or found.error, html=found.html)  # fmt: skip


@router.get("/sites", response_model=list[models.Site], summary="Every site in the archive")
def sites(state: State) -> list[models.Site]:
    """Per site: articles, first and last publication, the last crawl and how many pages failed."""
    return [site_model(s) for s in queries.sites(state.archive)]


def overview_model(found: queries.SiteOverview) -> models.SiteOverview:
    months = []
    if found.months:
        months = [models.MonthCount(month=f"{y}-{m:02d}", count=found.months.get((y, m), 0))
                  for y, m in months_between(min(found.months), max(found.months))]  # fmt: skip
    return models.SiteOverview(
        site=site_model(found.site), months=months, crawls=[run_model(r) for r in found.runs],  # type: ignore[misc]
        fetch_failures=[models.Failure(url=f.url, reason=f.reason, at=iso_local(f.at)) for f in found.fetch_failures],
        extraction_failures=[models.Failure(url=f.url, reason=f.reason, at=iso_local(f.at)) for f in found.extraction_failures],
        latest=[models.LatestArticle(id=i, title=t, published=iso_local(p)) for i, t, p in found.latest],
    )  # fmt: skip


@router.get("/sites/{name}", response_model=models.SiteOverview, summary="One site's overview")
def site(name: str, state: State) -> models.SiteOverview:
    """Articles per month, recent crawls, fetch and extraction failures, latest articles."""
    found = queries.site_overview(state.archive, name)
    if found is None:
        raise HTTPException(404, f"không có trang tin «{name}» (no such site)")
    return overview_model(found)


@router.get("/schema/article", summary="JSON Schema of the article record")
def article_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) every exported record validates against."""
    return load_schema()
