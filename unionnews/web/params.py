"""The search parameters shared by /search, /api/search and /api/export: parsed once, with messages a person reads.

A filter is a query parameter, so every view of a result set has a stable URL that can be bookmarked,
cited or handed to a colleague; `SearchParams.url` rebuilds such URLs with one thing changed. The filter
parameters are made from the filter table (archive.filters), as the CLI's options are.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Query

from archive.filters import BY_PARAM, FILTERS, Filters
from search.query import SearchRequest
from vnlang.text import nfc

MAX_LIMIT = 100
MAX_PAGE = 10_000


class BadRequest(ValueError):
    """A parameter the user must change; the message is shown as is, with status 400."""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    limit: int = 20

    def request(self, facets: bool = True) -> SearchRequest:
        return SearchRequest(text=self.q, limit=self.limit, page=self.page, filters=self.filters, sort=self.sort,
                             facets=facets)  # fmt: skip

    @property
    def selects(self) -> bool:
        """Something to search for: query text, or a filter alone."""
        return bool(self.q or self.filters)

    def items(self, paging: bool = True) -> list[tuple[str, str]]:
        """The parameters in a stable order, defaults left out: what URLs are built from."""
        items: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        items += [(row.param, row.show(v)) for row, values in self.filters.items() for v in values]
        if self.sort != "relevance":
            items.append(("sort", self.sort))
        if paging and self.page != 1:
            items.append(("page", str(self.page)))
        if paging and self.limit != 20:
            items.append(("limit", str(self.limit)))
        return items

    def url(self, path: str = "/search", paging: bool = True, **extra: str) -> str:
        items = self.items(paging) + list(extra.items())
        return f"{path}?{urlencode(items)}" if items else path

    def changed(self, **changes: object) -> SearchParams:
        """These parameters with some changed; a change of filter goes back to the first page."""
        return replace(self, **{"page": 1, **changes})  # type: ignore[arg-type]

    def adding(self, param: str, value: str) -> SearchParams:
        row = BY_PARAM[param]
        current = getattr(self.filters, row.name)
        return self.changed(filters=self.filters.changed(**{row.name: (*current, value) if row.repeatable else value}))

    def removing(self, param: str, value: object = None) -> SearchParams:
        row = BY_PARAM[param]
        current = getattr(self.filters, row.name)
        kept = tuple(v for v in current if v != value) if row.repeatable else None
        return self.changed(filters=self.filters.changed(**{row.name: kept}))

    def year(self, year: int) -> SearchParams:
        return self.changed(filters=self.filters.within(date(year, 1, 1), date(year, 12, 31)))


def search_params(q: str, sort: str, page: int, limit: int, **typed: str | list[str] | None) -> SearchParams:
    """The FastAPI dependency; its signature, set below from `_parameters`, is what the API parses and documents."""
    return SearchParams(q=nfc(q).strip(), filters=Filters.parse(typed), sort=sort, page=page, limit=limit)


def _parameters() -> list[inspect.Parameter]:
    """The query parameters, filters from the table between the query and the paging."""

    def parameter(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)

    q = Annotated[str, Query(description="Từ khóa (query): words, \"a phrase\", AND, OR, NOT, -word; diacritics "
                                         "optional (`cong doan` finds `công đoàn`). Without it, the filters alone "
                                         "select, newest first")]  # fmt: skip
    filters = [parameter(row.name, Annotated[list[str] | None if row.repeatable else str | None,
                                             Query(alias=row.param, description=row.help)])
               for row in FILTERS]  # fmt: skip
    return [
        parameter("q", q, ""),
        *filters,
        parameter("sort", Annotated[Literal["relevance", "date"], Query(description="relevance, or date (newest first)")],
                  "relevance"),
        parameter("page", Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of hits")], 1),
        parameter("limit", Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page")], 20),
    ]  # fmt: skip


search_params.__signature__ = inspect.Signature(_parameters(), return_annotation=SearchParams)  # type: ignore[attr-defined]
