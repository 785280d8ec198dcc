"""Why a request failed, in words that group: the crawl report counts failures by these reasons.

Messages carry no URL or timing detail, so a hundred timeouts read as one reason with a count.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from twisted.web.http import _DataLoss

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
            return "redirected to another site"
        return _IGNORED.get(message, message or "ignored")
    if isinstance(value, error.TimeoutError | TimeoutError):
        return "timeout"
    if isinstance(value, ResponseFailed):
        if any(isinstance(reason.value, _DataLoss) for reason in value.reasons):
            return "truncated response (connection closed early)"
        return "response failed: " + "; ".join(type(reason.value).__name__ for reason in value.reasons)
    if isinstance(value, CancelledError):
        return "cancelled (larger than DOWNLOAD_MAXSIZE?)"
    if isinstance(value, error.ConnectionRefusedError):
        return "connection refused"
    if isinstance(value, error.DNSLookupError):
        return "DNS lookup failed"
    if isinstance(value, error.ConnectionLost | error.ConnectionDone):
        return "connection lost"
    return f"{type(value).__name__}: {value}"[:300]
