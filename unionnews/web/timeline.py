"""The timeline of a search: hits per month (or per year, for long spans) over the whole result set.

Drawn as SVG bars that are links, so the chart needs no JavaScript (the pages' policy forbids it):
each bar narrows the search to its month or year, keeping the query and the other filters. The
index says which articles match (`ranked_ids`, the same call the downloads make); the archive gives
their days, a batch of ids at a time.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from archive.models import Article
from archive.store import Archive
from unionnews.web.chart import Bar, MonthlyChart, monthly_chart, months_between, yearly_chart
from unionnews.web.params import SearchParams
from unionnews.web.state import WebState

BATCH = 900  # ids per IN (…): under SQLite's oldest limit on bound parameters
YEARS_FROM = 60  # months: a longer span is shown a bar per year
PERIODS = ("month", "year")


@dataclass(frozen=True)
class Period:
    label: str  # "2020-04" or "2020"
    first: date
    last: date
    count: int
    search: str  # the search narrowed to this period


@dataclass(frozen=True)
class SearchTimeline:
    unit: str  # month | year
    periods: list[Period]
    chart: MonthlyChart

    def links(self) -> list[tuple[Bar, str]]:
        return [(bar, period.search) for bar, period in zip(self.chart.bars, self.periods, strict=True)]


def _days(archive: Archive, ids: list[int]) -> Counter[date]:
    days: Counter[date] = Counter()
    with archive.session() as session:
        for start in range(0, len(ids), BATCH):
            query = (select(Article.published_date, func.count()).where(Article.id.in_(ids[start : start + BATCH]))
                     .group_by(Article.published_date))  # fmt: skip
            days.update({day: n for day, n in session.execute(query) if day is not None})
    return days


def search_timeline(state: WebState, params: SearchParams, unit: str | None = None) -> SearchTimeline | None:
    """Hits per `unit` (month or year; None: months unless the span is longer than YEARS_FROM months)."""
    days = _days(state.archive, state.ranked_ids(params.changed(sort="date").request(facets=False)))
    if not days:
        return None
    months: Counter[tuple[int, int]] = Counter()
    for day, n in days.items():
        months[day.year, day.month] += n
    first, last = min(months), max(months)
    unit = unit or ("year" if (last[0] - first[0]) * 12 + last[1] - first[1] >= YEARS_FROM else "month")
    if unit == "year":
        years = Counter({y: sum(n for (yy, _), n in months.items() if yy == y) for y, _ in months})
        chart = yearly_chart(years)
        spans = [(str(y), date(y, 1, 1), date(y, 12, 31)) for y in range(first[0], last[0] + 1)]
    else:
        chart = monthly_chart(months)
        spans = [(f"{y}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
                 for y, m in months_between(first, last)]  # fmt: skip
    assert chart is not None
    periods = [Period(label, start, end, bar.count, params.changed(filters=params.filters.within(start, end)).url())
               for (label, start, end), bar in zip(spans, chart.bars, strict=True)]  # fmt: skip
    return SearchTimeline(unit, periods, chart)

