"""A person's, an organisation's or a place's own page, and the same record as JSON.

`/people/{name}`, `/organizations/{name}`, `/places/{name}` (and `/api/…` for JSON): the canonical name
is the address, so a link made from an article's entities or typed by hand stays valid as the archive
grows. The record is archive.timelines.profile: posts over time with the articles that say so, articles
per month, the names mentioned alongside most often.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from archive.store import Archive
from archive.timelines import find_entity, profile
from unionnews.web.api import State
from unionnews.web.chart import monthly_chart
from unionnews.web.pages import render
from unionnews.web.views import ENTITY_LABELS, ENTITY_PATHS, entity_search_url, entity_url

TYPES = {path: kind for kind, path in ENTITY_PATHS.items()}
router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api")


def _profile(archive: Archive, path: str, name: str) -> dict[str, Any]:
    kind = TYPES[path]
    with archive.session() as session:
        entity = find_entity(session, kind, name)
        if entity is None:
            raise HTTPException(404, f"Không có «{name}» trong kho (no such {kind}).")
        return profile(session, entity)


def _page(request: Request, state: State, path: str, name: str) -> HTMLResponse:
    record = _profile(state.archive, path, name)
    months = Counter({(int(m["month"][:4]), int(m["month"][5:])): m["articles"] for m in record["articles_per_month"]})
    return render(request, "entity.html", e=record, label=ENTITY_LABELS[record["type"]], chart=monthly_chart(months),
                  search_url=entity_search_url(record["type"], record["name"]))  # fmt: skip


def _json(state: State, path: str, name: str) -> dict[str, Any]:
    record = _profile(state.archive, path, name)
    return {**record, "page": entity_url(record["type"], record["name"]),
            "search": entity_search_url(record["type"], record["name"])}  # fmt: skip


_SUMMARIES = {
    "person": ("A person: posts over time, articles per month, co-mentioned names",
               "`people`: one entry per person behind the name (provinces, and posts each with first and last dated "
               "mention, `started`, `ended` (a former mention), `open`, and the articles as evidence)."),
    "organization": ("An organisation: who held its posts, articles per month, co-mentioned names",
                     "`posts`: every post at this body and its holder, with first/last dated mention and the articles "
                     "as evidence."),
    "place": ("A place: articles per month and the names mentioned with it", "No `posts`: places hold none."),
}  # fmt: skip


def _routes(path: str) -> None:
    """The page and the JSON of one entity type (the three differ only in their path)."""

    def page(request: Request, name: str, state: State) -> HTMLResponse:
        return _page(request, state, path, name)

    def record(name: str, state: State) -> dict[str, Any]:
        return _json(state, path, name)

    summary, description = _SUMMARIES[TYPES[path]]
    router.add_api_route(f"/{path}/{{name:path}}", page, methods=["GET"], response_class=HTMLResponse)
    api_router.add_api_route(f"/{path}/{{name:path}}", record, methods=["GET"], summary=summary, description=description)


for _path in TYPES:
    _routes(_path)
