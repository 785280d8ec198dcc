"""Articles per month as bars whose geometry is computed here and drawn as SVG by the template.

No charting library and no JavaScript: the picture is a handful of <rect> elements, readable without
the app's CSS, and every label in it is escaped like any other text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WIDTH, HEIGHT = 760, 220
LEFT, BOTTOM, TOP = 40, 28, 12  # room for the count axis, the year labels and the tallest bar's label


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str  # the period: "04/2020" (or "2020" for a year), as the labels and tooltips show it
    count: int


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class MonthlyChart:
    bars: list[Bar]
    years: list[Tick]  # a label under each January (or the first month)
    peak: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = BOTTOM
    top: int = TOP

    @property
    def baseline(self) -> int:
        return self.height - self.bottom


def months_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(counts: Counter[tuple[int, int]]) -> MonthlyChart | None:
    """Bars for every month from the first to the last with articles, empty months included."""
    if not counts:
        return None
    months = months_between(min(counts), max(counts))
    return _chart([(f"{m:02d}/{y}", counts.get((y, m), 0), str(y) if m == 1 or i == 0 else None)
                   for i, (y, m) in enumerate(months)])  # fmt: skip


def yearly_chart(counts: Counter[int]) -> MonthlyChart | None:
    """One bar a year, for histories too long for months to stay readable."""
    if not counts:
        return None
    return _chart([(str(y), counts.get(y, 0), str(y)) for y in range(min(counts), max(counts) + 1)])


def _chart(periods: list[tuple[str, int, str | None]]) -> MonthlyChart:
    """(label, count, axis label or None) per period, in order."""
    peak = max(count for _, count, _ in periods) or 1
    plot = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / len(periods)
    gap = step * 0.15 if step > 4 else 0.0
    bars, years = [], []
    for i, (label, count, tick) in enumerate(periods):
        height = plot * count / peak
        x = LEFT + i * step
        bars.append(Bar(round(x + gap / 2, 2), round(HEIGHT - BOTTOM - height, 2), round(step - gap, 2),
                        round(height, 2), label, count))  # fmt: skip
        if tick:
            years.append(Tick(round(x, 2), tick))
    if len(years) > 12:  # a long history: label every few years so the labels do not overlap
        every = -(-len(years) // 12)
        years = years[::every]
    return MonthlyChart(bars, years, peak)
