"""Downloads of a whole result set as JSON Lines, JSON or CSV, streamed: memory stays flat however many articles match."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from archive.export import MEDIA_TYPES, serialize
from search.query import parse_query
from unionnews.resultset import ResultSet
from unionnews.web.api import ERRORS, Params, State
from vnlang.dates import VIETNAM
from vnlang.text import fold

router = APIRouter(prefix="/api", responses=ERRORS)


def filename(query: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(query)).strip("-")[:40] or "all"
    return f"unionnews-{slug}-{datetime.now(VIETNAM):%Y%m%d-%H%M}.{fmt}"


@router.get(
    "/export",
    summary="Download the result set",
    response_class=StreamingResponse,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                     "description": "Every matching article as the export writes it (archive/schema/article.schema.json)"}},
)  # fmt: skip
def export(params: Params, state: State, format: Literal["jsonl", "json", "csv"] = "jsonl") -> StreamingResponse:
    """Every article of the search, in its order (with q), or every article the filters keep (without q).

    Takes the same parameters as /api/search; page and limit are ignored. The body is streamed.
    """
    request = params.request(facets=False)
    request.validate()
    if params.q:
        parse_query(params.q)  # a bad query is a 400 now, not a broken download later
    records = ResultSet(state.archive, state.ranked_ids, request).records(encoded_body=format != "csv")
    return StreamingResponse(
        serialize(records, format),
        media_type=f"{MEDIA_TYPES[format]}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename(params.q, format)}"'},
    )
