"""The links around a result list: facet values, the filters in force (each removable), and the pager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from search.index import SearchResults
from unionnews.web.params import SearchParams
from unionnews.web.views import vn_date_only

# (facet the index returns, URL parameter it sets, heading)
FACETS = (("site", "site", "Trang tin (site)"), ("province", "province", "Tỉnh (province)"),
          ("year", "year", "Năm (year)"), ("author", "author_name", "Tác giả (author)"),
          ("person", "person", "Người (person)"), ("organization", "org", "Tổ chức (organisation)"),
          ("place", "place", "Địa danh (place)"))  # fmt: skip
FILTER_LABELS = {"site": "trang tin", "province": "tỉnh", "author": "tác giả", "author_name": "tác giả",
                 "category": "chuyên mục", "person": "người", "org": "tổ chức", "place": "địa danh"}  # fmt: skip


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
    return params.date_from == date(year, 1, 1) and params.date_to == date(year, 12, 31)


def _selected(params: SearchParams, param: str, value: str) -> bool:
    return value in {
        "site": params.sites, "province": (params.province,), "author_name": (params.author_name,),
        "person": params.persons, "org": params.organizations, "place": params.places,
    }.get(param, ())  # fmt: skip


def facet_groups(params: SearchParams, results: SearchResults) -> list[FacetGroup]:
    groups = []
    for name, param, label in FACETS:
        links = []
        for value, count in results.facets.get(name, []):
            value = str(value)
            if param == "year":
                selected = _is_year(params, int(value))
                target = params.removing("dates") if selected else params.year(int(value))
            else:
                selected = _selected(params, param, value)
                target = params.removing(param, value) if selected else params.adding(param, value)
            links.append(FacetLink(value, count, target.url(), selected))
        if links:
            groups.append(FacetGroup(name, label, links))
    return groups


def active_filters(params: SearchParams) -> list[ActiveFilter]:
    found = [ActiveFilter(FILTER_LABELS["site"], s, params.removing("site", s).url()) for s in params.sites]
    for param in ("province", "author", "author_name", "category"):
        if value := getattr(params, param):
            found.append(ActiveFilter(FILTER_LABELS[param], value, params.removing(param).url()))
    for param, values in (("person", params.persons), ("org", params.organizations), ("place", params.places)):
        found += [ActiveFilter(FILTER_LABELS[param], v, params.removing(param, v).url()) for v in values]
    if params.date_from or params.date_to:
        span = f"{vn_date_only(params.date_from, '…')} – {vn_date_only(params.date_to, '…')}"
        found.append(ActiveFilter("ngày", span, params.removing("dates").url()))
    return found


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
