"""Why a request failed, in words that group: the crawl report counts failures by these reasons.

Messages carry no URL or timing detail, so a hundred timeouts read as one reason with a count.
Exceptions are matched by class name because Scrapy 2.19 wraps Twisted's errors in its own
(DownloadTimeoutError for TimeoutError, and so on) and both kinds must read the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.http import _DataLoss

_BY_TYPE = {
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "ResponseDataLossError": "truncated response (connection closed early)",
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "DNS lookup failed",
    "DNSLookupError": "DNS lookup failed",
    "DownloadCancelledError": "download cancelled (larger than DOWNLOAD_MAXSIZE?)",
    "CancelledError": "download cancelled (larger than DOWNLOAD_MAXSIZE?)",
    "ConnectionLost": "connection lost",
    "ConnectionDone": "connection lost",
}
_IGNORED = {
    "max redirections reached": "redirect loop or too many redirects",
    "Forbidden by robots.txt": "forbidden by robots.txt",
}


def describe(failure: Failure) -> str:
    value = failure.value
    if isinstance(value, HttpError):
        return f"HTTP {value.response.status}"
    if isinstance(value, IgnoreRequest):
        message = str(value)
        if message.startswith("Filtered offsite request"):
            return OFF_SITE
        return _IGNORED.get(message, message or "ignored")
    if isinstance(value, ResponseFailed) and any(isinstance(r.value, _DataLoss) for r in value.reasons):
        return _BY_TYPE["ResponseDataLossError"]
    for cls in type(value).__mro__:
        if cls.__name__ in _BY_TYPE:
            return _BY_TYPE[cls.__name__]
    return f"{type(value).__name__}: {value}"[:300]


# A start page that redirects to another host: the site moved (many did in the 2025 reorganisation).
# The target is part of the reason, so the run's report keeps where the site went.
_MOVED = "start page redirects to "
OFF_SITE = "redirected to another site"


def moved(target: str) -> str:
    return f"{_MOVED}{target}"


def moved_to(reasons: Mapping[str, int]) -> str | None:
    """Where a run's start page redirected to, if it did."""
    return next((r.removeprefix(_MOVED) for r in reasons if r.startswith(_MOVED)), None)
