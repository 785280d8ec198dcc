"""A plain, polite HTTP client for probing a site: one request at a time, robots.txt obeyed.

A probe is a few dozen sequential requests made while a person waits at a terminal, so it needs
neither Scrapy's reactor nor its concurrency; it does need the same manners as a crawl: the project's
User-Agent, the site's delay between requests, and robots.txt (read with Protego, as Scrapy does).
It counts its requests and the time they took, which `sites add` reports.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego
from w3lib.url import safe_url_string

from crawler.settings import USER_AGENT

_MAX_BYTES = 8 * 1024 * 1024  # a probe reads pages, not downloads
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ProbeError(Exception):
    """Why a site cannot be probed at all (unreachable, not HTML, robots.txt forbids it): one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int
    content_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() in _HTML_TYPES or (
            not self.content_type and self.body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html"))
        )


@dataclass
class PoliteFetcher:
    home: str
    delay: float = 1.0
    timeout: float = 20.0
    user_agent: str = USER_AGENT
    requests: int = 0
    seconds: float = 0.0  # wall time spent in requests and the waits between them
    robots: Protego | None = None
    sitemaps: list[str] = field(default_factory=list)
    _last: float | None = None

    def read_robots(self) -> None:
        """Fetch /robots.txt once; a missing or broken one allows everything, as for Scrapy."""
        answer = self._get(urljoin(self.home, "/robots.txt"))
        text = answer.body.decode("utf-8", "replace") if answer and answer.status == 200 else ""
        self.robots = Protego.parse(text)
        self.sitemaps = [urljoin(self.home, url) for url in self.robots.sitemaps]

    def allowed(self, url: str) -> bool:
        return self.robots is None or self.robots.can_fetch(url, self.user_agent)

    def get(self, url: str) -> Fetched | None:
        """The page, or None when robots.txt forbids it or the request fails (a probe goes on without it)."""
        if not self.allowed(url):
            return None
        return self._get(url)

    def _get(self, url: str) -> Fetched | None:
        self._wait()
        started = time.monotonic()
        self.requests += 1
        # A link may hold raw Vietnamese letters (ASP.NET paths keep "đ"): sent percent-encoded, as browsers do.
        request = urllib.request.Request(safe_url_string(url), headers={"User-Agent": self.user_agent,
                                                                         "Accept": "text/html,*/*"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(_MAX_BYTES)
                return Fetched(response.geturl(), response.status, response.headers.get("Content-Type", ""), body)
        except urllib.error.HTTPError as exc:
            return Fetched(exc.geturl() or url, exc.code, exc.headers.get("Content-Type", "") if exc.headers else "",
                           b"")  # fmt: skip
        except (urllib.error.URLError, OSError, ValueError):
            return None
        finally:
            self._last = time.monotonic()
            self.seconds += self._last - started

    def _wait(self) -> None:
        if self._last is not None and self.delay > 0:
            pause = self.delay - (time.monotonic() - self._last)
            if pause > 0:
                time.sleep(pause)
                self.seconds += pause

    def home_page(self) -> Fetched:
        """The home page, or ProbeError saying in one line why the site cannot be probed."""
        self.read_robots()
        if not self.allowed(self.home):
            raise ProbeError(f"robots.txt of {_origin(self.home)} forbids crawling {self.home}")
        page = self._get(self.home)
        if page is None:
            raise ProbeError(f"{self.home} is unreachable")
        if page.status >= 400:
            raise ProbeError(f"{self.home} answered HTTP {page.status}")
        if not page.is_html:
            raise ProbeError(f"{self.home} is not an HTML page ({page.content_type or 'no content type'})")
        return page


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
