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
    month: str  # "04/2020", as the labels and tooltips show it
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
    peak = max(counts.values())
    plot = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT) / len(months)
    gap = step * 0.15 if step > 4 else 0.0
    bars, years = [], []
    for i, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        height = plot * count / peak
        x = LEFT + i * step
        bars.append(Bar(round(x + gap / 2, 2), round(HEIGHT - BOTTOM - height, 2), round(step - gap, 2),
                        round(height, 2), f"{month:02d}/{year}", count))  # fmt: skip
        if month == 1 or i == 0:
            years.append(Tick(round(x, 2), str(year)))
    if len(years) > 12:  # a long history: label every few years so the labels do not overlap
        every = -(-len(years) // 12)
        years = years[::every]
    return MonthlyChart(bars, years, peak)
