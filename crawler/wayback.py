"""A polite client of a Wayback Machine: its CDX API and its `id_` replay, through the `wayback` library.

The library (EDGI's, maintained) parses CDX answers, follows redirects between captures, reads the
original headers of a memento and retries with back-off; what it lacks is added here:

- **Any Wayback, not only web.archive.org.** The library builds web.archive.org addresses and parses
  them back. A transport adapter mounted on that prefix sends each request to `archive_url` instead and
  gives the answer (and any Location) the library's own form again, so a local pywb, another national
  archive or the test service under tests/ answer the same code.
- **One rate for everything.** Searches, replays, redirects and retries share one `RateLimit`: the
  archive never sees more than `rate` requests a second from us, whatever they are.
- **429 is retried**, after the server's Retry-After (the library gives up on a 429 at once); 503 and
  the other transient statuses were retried already, honouring Retry-After too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from wayback import Mode, RateLimit, WaybackClient, WaybackSession
from wayback.exceptions import WaybackException

from archive.warc import HttpCapture
from crawler.settings import USER_AGENT

WAYBACK = "https://web.archive.org"
# A capture whose replay redirects to another capture of the same URL is taken whenever that one is: a
# page's only other capture may be years away, and its date is recorded with it.
_ANY_TIME = timedelta(days=365 * 30)


class ArchiveError(Exception):
    """A capture that could not be replayed, with the reason a report shows."""


class _Elsewhere(HTTPAdapter):
    """Sends web.archive.org requests to another Wayback, and makes its answers look like web.archive.org's."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        asked = request.url or ""
        request = request.copy()  # the library re-sends the same request on a retry: it must keep its address
        request.url = self.base + asked[len(WAYBACK) :]
        response = super().send(request, *args, **kwargs)
        response.url = asked
        location = response.headers.get("Location")
        if location and location.startswith(self.base):
            response.headers["Location"] = WAYBACK + location[len(self.base) :]
        elif location and location.startswith("/"):
            response.headers["Location"] = WAYBACK + location
        return response


class _Session(WaybackSession):
    retryable_statuses = WaybackSession.retryable_statuses | {429}


@dataclass(frozen=True)
class CaptureRef:
    """One line of the CDX index: a capture of `url` at `timestamp` (YYYYMMDDhhmmss, UTC)."""

    timestamp: str
    url: str
    digest: str | None = None

    @property
    def at(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


@dataclass(frozen=True)
class Replay(HttpCapture):
    """A capture's original bytes, with the original URL (after redirects), status and headers."""

    archived_copy: str  # the replay address, on the archive actually asked


class WaybackArchive:
    def __init__(self, archive_url: str = WAYBACK, rate: float = 1.0, retries: int = 4, timeout: float = 60) -> None:
        self.archive_url = archive_url.rstrip("/")
        limit = RateLimit(rate)
        self.session = _Session(retries=retries, backoff=2, timeout=timeout, user_agent=USER_AGENT,
                                search_calls_per_second=limit, memento_calls_per_second=limit)  # fmt: skip
        if self.archive_url != WAYBACK:
            self.session.mount(WAYBACK, _Elsewhere(self.archive_url))
        self.client = WaybackClient(self.session)

    def close(self) -> None:
        self.client.close()

    def captures(self, url: str, *, prefix: bool, collapse: str | None, date_from: date | None = None,
                 date_to: date | None = None) -> Iterator[CaptureRef]:  # fmt: skip
        """HTML captures that answered 200: of every URL under `url` (prefix), or of `url` alone."""
        try:
            for record in self.client.search(
                url, match_type="prefix" if prefix else "exact", from_date=date_from, to_date=date_to,
                filter_field=["statuscode:200", "mimetype:text/html"], collapse=collapse,
            ):  # fmt: skip
                yield CaptureRef(record.timestamp.strftime("%Y%m%d%H%M%S"), record.original, record.digest)
        except (WaybackException, requests.RequestException) as exc:
            raise ArchiveError(f"the CDX search failed: {exc}") from None

    def replay(self, capture: CaptureRef) -> Replay:
        """The capture's original bytes (`id_`), following redirects to other captures."""
        try:
            memento = self.client.get_memento(capture.url, capture.at, mode=Mode.original, exact=False,
                                              target_window=_ANY_TIME)  # fmt: skip
        except (WaybackException, requests.RequestException, ValueError) as exc:  # ValueError: an odd redirect
            raise ArchiveError(_reason(exc)) from None
        with memento:
            body = memento.content
            copy = memento.memento_url
            if copy.startswith(WAYBACK):
                copy = self.archive_url + copy[len(WAYBACK) :]
            return Replay(memento.url, memento.status_code, dict(memento.headers), body,
                          memento.timestamp.astimezone(UTC), copy)  # fmt: skip


def _reason(exc: Exception) -> str:
    text = str(exc).replace(WAYBACK, "").strip()
    return f"{type(exc).__name__}: {text}"[:300]
