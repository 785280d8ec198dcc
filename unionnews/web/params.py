"""The search parameters shared by /search, /api/search and /api/export: parsed once, with messages a person reads.

A filter is a query parameter, so every view of a result set has a stable URL that can be bookmarked,
cited or handed to a colleague; `SearchParams.url` rebuilds such URLs with one thing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Query

from archive.filters import YEARS, Filters
from search.query import SearchRequest
from vnlang.text import nfc

MAX_LIMIT = 100
MAX_PAGE = 10_000
ENTITY_PARAMS = {"person": "persons", "org": "organizations", "place": "places"}


class BadRequest(ValueError):
    """A parameter the user must change; the message is shown as is, with status 400."""


def parse_date(value: str | None, name: str) -> date | None:
    """YYYY-MM-DD (what date inputs send) or DD/MM/YYYY (what Vietnamese readers write)."""
    value = (value or "").strip()
    if not value:
        return None
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(value, form).date()
        except ValueError:
            continue
        if not YEARS[0] <= parsed.year <= YEARS[1]:
            raise BadRequest(f"{name}: năm {parsed.year} nằm ngoài {YEARS[0]}–{YEARS[1]} (year out of range)")
        return parsed
    raise BadRequest(f"{name}: «{value}» không phải ngày hợp lệ (not a date: use YYYY-MM-DD or DD/MM/YYYY)")


def _clean(values: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(nfc(v).strip() for v in values or [] if v and v.strip()))


def _text(value: str | None) -> str | None:
    return nfc(value).strip() or None if value else None


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    sites: tuple[str, ...] = ()
    province: str | None = None
    author: str | None = None
    author_name: str | None = None
    category: str | None = None
    persons: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 20

    def request(self, facets: bool = True) -> SearchRequest:
        filters = Filters(
            sites=self.sites, province=self.province, author=self.author, author_name=self.author_name,
            category=self.category, persons=self.persons, organizations=self.organizations, places=self.places,
            date_from=self.date_from, date_to=self.date_to,
        )  # fmt: skip
        return SearchRequest(text=self.q, limit=self.limit, page=self.page, filters=filters, sort=self.sort,
                             facets=facets)  # fmt: skip

    @property
    def filtered(self) -> bool:
        return bool(self.sites or self.province or self.author or self.author_name or self.category or self.persons
                    or self.organizations or self.places or self.date_from or self.date_to)  # fmt: skip

    def items(self, paging: bool = True) -> list[tuple[str, str]]:
        """The parameters in a stable order, defaults left out: what URLs are built from."""
        items: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        items += [("site", s) for s in self.sites]
        for name in ("province", "author", "author_name", "category"):
            if value := getattr(self, name):
                items.append((name, value))
        for param, attribute in ENTITY_PARAMS.items():
            items += [(param, v) for v in getattr(self, attribute)]
        if self.date_from:
            items.append(("from", self.date_from.isoformat()))
        if self.date_to:
            items.append(("to", self.date_to.isoformat()))
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
        if param == "site":
            return self.changed(sites=tuple(dict.fromkeys((*self.sites, value))))
        if param in ENTITY_PARAMS:
            attribute = ENTITY_PARAMS[param]
            return self.changed(**{attribute: tuple(dict.fromkeys((*getattr(self, attribute), value)))})
        return self.changed(**{param: value})

    def removing(self, param: str, value: str | None = None) -> SearchParams:
        if param == "site":
            return self.changed(sites=tuple(s for s in self.sites if s != value))
        if param in ENTITY_PARAMS:
            attribute = ENTITY_PARAMS[param]
            return self.changed(**{attribute: tuple(v for v in getattr(self, attribute) if v != value)})
        if param == "dates":
            return self.changed(date_from=None, date_to=None)
        return self.changed(**{param: None})

    def year(self, year: int) -> SearchParams:
        return self.changed(date_from=date(year, 1, 1), date_to=date(year, 12, 31))


def search_params(
    q: Annotated[str, Query(description="Từ khóa (query): words, \"a phrase\", AND, OR, NOT, -word; "
                                         "diacritics optional (`cong doan` finds `công đoàn`)")] = "",
    site: Annotated[list[str] | None, Query(description="Only these sites (repeatable)")] = None,
    province: Annotated[str | None, Query(description="Only this province; diacritics optional")] = None,
    author: Annotated[str | None, Query(description="Only articles by this author; every word, diacritics optional")] = None,
    author_name: Annotated[str | None, Query(description="Only articles by exactly this author (facet value)")] = None,
    category: Annotated[str | None, Query(description="Only articles in this category")] = None,
    person: Annotated[list[str] | None, Query(description="Only articles naming this person (repeatable)")] = None,
    org: Annotated[list[str] | None, Query(description="Only articles naming this organisation (repeatable)")] = None,
    place: Annotated[list[str] | None, Query(description="Only articles naming this place (repeatable)")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="Published on or after: YYYY-MM-DD or DD/MM/YYYY")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Published on or before: YYYY-MM-DD or DD/MM/YYYY")] = None,
    sort: Annotated[Literal["relevance", "date"], Query(description="relevance, or date (newest first)")] = "relevance",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page of hits")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page")] = 20,
) -> SearchParams:  # fmt: skip
    params = SearchParams(
        q=nfc(q).strip(), sites=_clean(site), province=_text(province), author=_text(author),
        author_name=_text(author_name), category=_text(category),
        persons=_clean(person), organizations=_clean(org), places=_clean(place),
        date_from=parse_date(date_from, "from"), date_to=parse_date(date_to, "to"), sort=sort, page=page, limit=limit,
    )  # fmt: skip
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise BadRequest("from: ngày bắt đầu sau ngày kết thúc (the start date is after the end date)")
    return params
