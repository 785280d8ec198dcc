"""Vietnam time, and publication dates as Vietnamese union sites print them.

The date lines seen on these CMSs ("Cập nhật lúc 19:56 - 27/12/2020 (GMT +07:00)",
"Thứ ba, 31 Tháng 12 2019 17:16", "2020-01-04 01:43:30", "04:51 01/03/2021",
"Thứ Hai, 12/10/2020 - 09:15") are day-first and carry no zone, or +07:00. A small pre-parser reads
these shapes exactly (fast, and never confuses day and month); dateparser handles anything else.
A string with no full date yields None, never "today".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

VIETNAM = timezone(timedelta(hours=7), "ICT")


def iso_local(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam time ("2020-12-27T19:56:00+07:00"): how exports, the API and JSON give a moment."""
    return value.astimezone(VIETNAM).isoformat() if value else None


def local_datetime(value: datetime | None, empty: str = "không rõ ngày") -> str:
    """"27/12/2020 19:56" in Vietnam time, as the sites and their readers write a moment."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if value else empty


def local_date(value: datetime | None, empty: str = "—") -> str:
    """"27/12/2020": the day a moment falls on in Vietnam."""
    return value.astimezone(VIETNAM).strftime("%d/%m/%Y") if value else empty

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})(?!\d)")
_D_THANG_Y = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+(?:tháng|th\.?)\s*(?P<m>\d{1,2})\s*(?:,|năm)?\s*(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MONTH_NAME = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MDY_NAMED = re.compile(_MONTH_NAME + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE)
_DMY_NAMED = re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r",?\s+(?P<y>\d{4})(?!\d)", re.IGNORECASE)
# A view counter may follow the time with nothing between them ("14:12157 Lượt xem" from
# `<span>14:12</span><span>157 Lượt xem</span>`): minutes have two digits, so the digits after them count views.
_COUNTER_AFTER = r"\d+\s*(?i:lượt|lần|views?\b|hits?\b|bình luận|comments?\b)"
_TIME = re.compile(
    r"(?<![\d/.\-])(?P<H>[01]?\d|2[0-3])\s*[:hg]\s*(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?"
    rf"(?:(?![\d/])|(?={_COUNTER_AFTER}))"
)
# 12-hour clocks: .NET's vi-VN format prints "5:02:11 CH" (chiều, afternoon) and "9:15:00 SA" (sáng).
_MERIDIEM = re.compile(r"\s*(?:(?P<am>SA|(?i:am|a\.m\.))|(?P<pm>CH|(?i:pm|p\.m\.)))(?!\w)")
_OFFSET = re.compile(r"(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2}):?(?P<m>\d{2})?", re.IGNORECASE)


def _offset(text: str) -> timezone:
    match = _OFFSET.search(text)
    if not match:
        return VIETNAM
    minutes = int(match["h"]) * 60 + int(match["m"] or 0)
    return timezone(timedelta(minutes=minutes if match["sign"] == "+" else -minutes))


def _build(y: str, m: str, d: str, hh: str | None, mm: str | None, ss: str | None, tz: timezone) -> datetime | None:
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None


def _iso_zone(raw: str | None, fallback: timezone) -> timezone:
    if not raw:
        return fallback
    if raw == "Z":
        return UTC
    sign = 1 if raw[0] == "+" else -1
    digits = raw[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _hour_24(hour: str, after: str) -> str:
    """The hour on a 24-hour clock, when `after` (the text following the time) says morning or afternoon."""
    meridiem = _MERIDIEM.match(after)
    if not meridiem or not 1 <= int(hour) <= 12:
        return hour
    return str(int(hour) % 12 + (12 if meridiem["pm"] else 0))


@lru_cache(maxsize=4096)
def parse_date(text: str) -> datetime | None:
    """The first full date (with its time, when printed) in `text`, as an aware datetime."""
    text = " ".join(text.split())
    tz = _offset(text)
    if match := _ISO.search(text):
        hh = _hour_24(match["H"], text[match.end() :]) if match["H"] and not match["tz"] else match["H"]
        return _build(match["y"], match["m"], match["d"], hh, match["M"], match["S"], _iso_zone(match["tz"], tz))
    match = _DMY.search(text) or _D_THANG_Y.search(text) or _MDY_NAMED.search(text) or _DMY_NAMED.search(text)
    if match:
        # The time may stand before the date ("19:56 - 27/12/2020") or after it.
        rest = text[: match.start()] + " " + text[match.end() :]
        rest = _OFFSET.sub(" ", rest)
        clock = _TIME.search(rest)
        hh, mm, ss = (None, None, None)
        if clock:
            hh, mm, ss = _hour_24(clock["H"], rest[clock.end() :]), clock["M"], clock["S"]
        month = str(_MONTHS[match["mon"].lower()[:3]]) if "mon" in match.groupdict() else match["m"]
        return _build(match["y"], month, match["d"], hh, mm, ss, tz)
    return _dateparser_fallback(text)


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # imported late: it takes a second to load and is rarely needed

    return dateparser


_MONTH_WORD = re.compile(
    r"\b(?:tháng|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zà-ỹ]*\.?\s*\d{0,2}", re.IGNORECASE
)


def _dateparser_fallback(text: str) -> datetime | None:
    """Only for a short text with a year and a month word: dateparser is slow and, on prose, inventive."""
    if len(text) > 80 or not re.search(r"(?<!\d)\d{4}(?!\d)", text) or not _MONTH_WORD.search(text):
        return None
    parsed = _dateparser().parse(
        text,
        languages=["vi", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TIMEZONE": "+0700",
            "PREFER_DATES_FROM": "past",
        },
    )
    return parsed


def has_date(text: str) -> bool:
    """Whether `text` prints a date, without the slow fallback: for skipping date lines, not reading them."""
    return bool(_ISO.search(text) or _DMY.search(text) or _D_THANG_Y.search(text)) or bool(
        _MONTH_WORD.search(text) and re.search(r"(?<!\d)\d{4}(?!\d)", text)
    )


def has_time(text: str) -> bool:
    return bool(_TIME.search(_OFFSET.sub(" ", text)))
