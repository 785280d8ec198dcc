"""User query text and filters → Whoosh query objects.

Every query term is looked up in the exact and the folded fields at once; the exact fields carry the
higher boost, so a page with the right diacritics outranks one that only matches accent-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from whoosh import query as q
from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser
from whoosh.qparser.plugins import FuzzyTermPlugin

from cleaner.dates import VIETNAM
from search.vietnamese import fold, nfc

TEXT_FIELDS = ("title", "body", "title_fold", "body_fold")
FIELD_BOOSTS = {"title": 4.0, "body": 2.0, "title_fold": 2.0, "body_fold": 1.0}


class QueryError(ValueError):
    """A query the user must rephrase; its message is shown as is."""


@dataclass(frozen=True)
class SearchRequest:
    text: str
    limit: int = 10
    page: int = 1
    sites: tuple[str, ...] = ()
    province: str | None = None
    author: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"  # or "date" (newest first)


def build_query(schema: Schema, text: str) -> q.Query:
    text = nfc(text).strip()
    if not text:
        raise QueryError("empty query")
    parser = MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    parser.remove_plugin_class(FuzzyTermPlugin)
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # whoosh raises assorted types for odd syntax
        raise QueryError(f"cannot parse query {text!r}: {exc}") from exc
    if parsed is q.NullQuery:
        raise QueryError(f"query {text!r} has no searchable words")
    return parsed


def _utc(day: date, end: bool) -> datetime:
    local = datetime.combine(day, time.max if end else time.min, tzinfo=VIETNAM)
    return local.astimezone(UTC).replace(tzinfo=None)


def build_filter(request: SearchRequest) -> q.Query | None:
    parts: list[q.Query] = []
    if request.sites:
        parts.append(q.Or([q.Term("site", s) for s in request.sites]))
    if request.province:
        parts.append(q.Term("province_key", fold(request.province)))
    if request.author:
        parts.append(q.And([q.Term("author_key", w) for w in fold(request.author).split()]))
    if request.date_from or request.date_to:
        if request.date_from and request.date_to and request.date_from > request.date_to:
            raise QueryError("--from is after --to")
        start = _utc(request.date_from, end=False) if request.date_from else None
        end = _utc(request.date_to, end=True) if request.date_to else None
        parts.append(q.DateRange("published", start, end))
    return q.And(parts) if parts else None


def sort_spec(request: SearchRequest) -> dict[str, Any]:
    if request.sort == "date":
        return {"sortedby": "published", "reverse": True}
    if request.sort != "relevance":
        raise QueryError(f"unknown sort {request.sort!r} (use relevance or date)")
    return {}

