"""Downloader middleware that Scrapy lacks: waiting as long as a server's Retry-After asks.

Scrapy's RetryMiddleware retries a 503 at once, which an overloaded provincial server answers with
another 503. A server that says how long to wait gets exactly that wait (up to RETRY_AFTER_MAX
seconds), counted against the same RETRY_TIMES; other 503s and 429s go on to RetryMiddleware.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_delay = crawler.settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.enabled = crawler.settings.getbool("RETRY_ENABLED")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if not self.enabled or response.status not in (429, 503) or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(response.headers.get("Retry-After"))
        if delay is None or delay > self.max_delay:
            return response
        assert self.crawler.spider is not None
        retry = get_retry_request(request, spider=self.crawler.spider, reason=f"{response.status} with Retry-After")
        if retry is None:
            return response
        from twisted.internet import reactor  # the one Scrapy installed, never a default one by import

        await maybe_deferred_to_future(deferLater(reactor, delay))
        return retry
