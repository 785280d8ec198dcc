"""Date formats as the imitated CMSs print them.

Each family shows the publication time differently; extraction has to
parse exactly these strings, so they are kept in one place.  Every site
prints Vietnam local time (UTC+07:00).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from vnlang.dates import VIETNAM

_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def local(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM)


def portal_date(moment: datetime) -> str:
    """``19:56 - 27/12/2020`` (the template adds "Cập nhật lúc" and the GMT note)."""
    return local(moment).strftime("%H:%M - %d/%m/%Y")


def joomla_date(moment: datetime) -> str:
    """``Thứ ba, 31 Tháng 12 2019 17:16``: Joomla's vi-VN DATE_FORMAT_LC2."""
    t = local(moment)
    return f"{_WEEKDAYS[t.weekday()]}, {t:%d} Tháng {t.month} {t:%Y %H:%M}"


def table_date(moment: datetime) -> str:
    """``2020-01-04 01:43:30``: the raw SQL Server value the ASP site prints."""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


def html5_date(moment: datetime) -> str:
    """``Thứ Hai, 12/10/2020 - 09:15``: weekday capitalised, unlike Joomla."""
    t = local(moment)
    return f"{_WEEKDAYS[t.weekday()].title()}, {t:%d/%m/%Y - %H:%M}"


def iso_date(moment: datetime) -> str:
    """``2020-10-12T09:15:00+07:00`` for <time datetime>, JSON-LD and sitemaps."""
    return local(moment).isoformat()


def rfc822_date(moment: datetime) -> str:
    """``Tue, 31 Dec 2019 17:16:00 +0700`` for RSS pubDate."""
    return format_datetime(local(moment))


def http_date(moment: datetime) -> str:
    """``Tue, 31 Dec 2019 10:16:00 GMT`` for the Last-Modified header."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)


# The templates' date filters, by the name a template calls them with.
TEMPLATE_FILTERS = {f.__name__: f for f in (portal_date, joomla_date, table_date, html5_date, iso_date, rfc822_date)}
