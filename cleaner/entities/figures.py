"""Figures a researcher cites: sums of money, head counts, and dates written without their year.

Vietnamese prints thousands with dots and decimals with commas ("18.000 đoàn viên", "22,5 triệu
đồng"). "Ngày 25.12" in an article of 27/12/2020 means 2020-12-25; a day-month that would fall more
than a week after publication belongs to the year before.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from cleaner.article import Figure

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = {"tỉ": 10**9, "tỷ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
_MONEY = re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER})\s*(?P<scale>tỉ|tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|đ)(?!\w)")
_COUNT_UNITS = (
    "đoàn viên|CNVCLĐ|CNLĐ|người lao động|lao động|công nhân|hộ gia đình|hộ|cá nhân|tập thể|học viên|đại biểu|"
    "CĐCS|công đoàn cơ sở|doanh nghiệp|suất quà|xuất quà|phần quà|nhà|đề tài|sáng kiến|người"
)
_COUNT = re.compile(rf"(?<![\w.,])(?P<n>{_NUMBER})\s+(?P<unit>{_COUNT_UNITS})(?!\w)")
_DAY = re.compile(
    r"(?i)(?:ngày|sáng|chiều|tối|trưa|đêm)\s+(?P<d>\d{1,2})\s*[./\-]\s*(?P<m>\d{1,2})(?:\s*[./\-]\s*(?P<y>\d{4}))?(?![\d/.]\d)"
)


def _amount(number: str) -> float:
    """"18.000" → 18000, "22,5" → 22.5: dots group thousands, a comma marks decimals."""
    return float(number.replace(".", "").replace(",", "."))


def _resolve_day(day: int, month: int, year: int | None, published: datetime | None) -> date | None:
    try:
        if year:
            return date(year, month, day)
        if published is None:
            return None
        guess = date(published.year, month, day)
        return guess.replace(year=guess.year - 1) if guess > published.date() + timedelta(days=7) else guess
    except ValueError:
        return None


def find_figures(text: str, published: datetime | None) -> list[Figure]:
    figures: list[Figure] = []
    for match in _MONEY.finditer(text):
        scale = _SCALE.get(match["scale"] or "", 1)
        value = round(_amount(match["n"]) * scale)
        figures.append(Figure("money", match.group(), value, "đồng", match.start(), match.end()))
    for match in _COUNT.finditer(text):
        value = round(_amount(match["n"]))
        figures.append(Figure("count", match.group(), value, match["unit"], match.start(), match.end()))
    for match in _DAY.finditer(text):
        year = int(match["y"]) if match["y"] else None
        if resolved := _resolve_day(int(match["d"]), int(match["m"]), year, published):
            figures.append(Figure("date", match.group(), resolved.isoformat(), None, match.start(), match.end()))
    return sorted(figures, key=lambda f: f.start)
