"""The links around a result list: facet values, the filters in force (each removable), and the pager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from search.engine import SearchResults
from unionnews.web.params import SearchParams
from unionnews.web.views import vn_date_only

# (facet the index returns, URL parameter a value sets, heading); a year sets the date range
FACETS = (("site", "site", "Trang tin (site)"), ("province", "province", "Tỉnh (province)"),
          ("year", None, "Năm (year)"), ("author", "author_name", "Tác giả (author)"),
          ("person", "person", "Người (person)"), ("organization", "org", "Tổ chức (organisation)"),
          ("place", "place", "Địa danh (place)"))  # fmt: skip


@dataclass(frozen=True)
class FacetLink:
    value: str
    count: int
    url: str
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    links: list[FacetLink]


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class PageLink:
    label: str
    url: str | None  # None: the current page, or a gap
    current: bool = False


def _is_year(params: SearchParams, year: int) -> bool:
    return params.year(year).filters == params.filters


def _selected(params: SearchParams, param: str, value: str) -> bool:
    return value in dict((row.param, values) for row, values in params.filters.items()).get(param, ())


def facet_groups(params: SearchParams, results: SearchResults) -> list[FacetGroup]:
    groups = []
    for name, param, label in FACETS:
        links = []
        for value, count in results.facets.get(name, []):
            value = str(value)
            if param is None:
                selected = _is_year(params, int(value))
                target = params.changed(filters=params.filters.within(None, None)) if selected else params.year(int(value))
            else:
                selected = _selected(params, param, value)
                target = params.removing(param, value) if selected else params.adding(param, value)
            links.append(FacetLink(value, count, target.url(), selected))
        if links:
            groups.append(FacetGroup(name, label, links))
    return groups


def active_filters(params: SearchParams) -> list[ActiveFilter]:
    """A chip per filter value, each with the URL of the same search without it."""
    return [ActiveFilter(row.label, vn_date_only(v) if isinstance(v, date) else v, params.removing(row.param, v).url())
            for row, values in params.filters.items() for v in values]  # fmt: skip


def pager(params: SearchParams, results: SearchResults, around: int = 2) -> list[PageLink]:
    if results.pages <= 1:
        return []
    shown = sorted({1, results.pages, *range(max(1, params.page - around), min(results.pages, params.page + around) + 1)})
    links: list[PageLink] = []
    if params.page > 1:
        links.append(PageLink("« Trước", params.changed(page=params.page - 1).url()))
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append(PageLink("…", None))
        current = number == params.page
        links.append(PageLink(str(number), None if current else params.changed(page=number).url(), current))
        previous = number
    if params.page < results.pages:
        links.append(PageLink("Sau »", params.changed(page=params.page + 1).url()))
    return links
