"""A Wayback Machine for tests: the CDX API and `id_` replay on 127.0.0.1, serving captures of a fixture site.

The captures are of the `tintuc` fixture site (tests/sites) as if crawled at its real address over the
years (the built-in profile `congdoan-kiengiang` is that site), and include what a real web archive holds besides clean article captures:

- duplicate captures of one article (three of the same URL; one more under an https:// address with a
  tracking parameter, a URL key of its own);
- a capture whose replay redirects to another timestamp (Wayback does this when a capture is not
  playable as such);
- soft 404s: the site's "Không tìm thấy trang" page captured with status 200, once as the first capture
  of an article that a later capture holds, once as the only capture of a deleted article;
- a capture the archive cannot play back (404 from the archive itself);
- non-HTML captures (an image, a PDF) and non-article pages (home, listings, "Giới thiệu"…);
- 429 answers with Retry-After on the first CDX query and on the first replay of two captures.

Every request is logged with its arrival time (`requests`), so tests can check the client's rate.
"""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from hashlib import sha1
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.sites.app import FixtureApp
from tests.sites.gold import load_gold
from tests.support.serving import QuietHandler, serving

SITE = "tintuc"
HOST = "congdoan.kiengiang.gov.vn"
ORIGIN = f"https://{HOST}"
DELETED = "/trang/TinTuc/186/9999/Bai-viet-da-go.html"  # only ever captured as a soft 404
UNPLAYABLE = "/trang/TinTuc/190/9998/Bai-viet-khong-phat-lai-duoc.html"  # listed, but the archive cannot play it


@dataclass(frozen=True)
class Capture:
    timestamp: str
    url: str  # as captured (scheme, query and all)
    status: int
    mimetype: str
    body: bytes
    redirect_to: str | None = None  # replay answers with a redirect to this timestamp
    unplayable: bool = False

    @property
    def urlkey(self) -> str:
        return surt(self.url)

    @property
    def digest(self) -> str:
        return sha1(self.body).hexdigest().upper()[:32]


def surt(url: str) -> str:
    """The URL key the CDX index sorts by: host reversed without www, scheme dropped, lower-cased."""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    key = ",".join(reversed(host.split("."))) + ")" + (parts.path or "/")
    return (key + (f"?{parts.query}" if parts.query else "")).lower()


def _ts(year: int, month: int, day: int, hour: int = 8) -> str:
    return f"{year:04d}{month:02d}{day:02d}{hour:02d}0000"


def build_captures() -> list[Capture]:
    """The archive's holdings for the fixture site, from the fixture app's own pages."""
    app = FixtureApp(SITE, ORIGIN)
    gold = load_gold(SITE)
    not_found = app.respond("/khong-co-trang-nay.html").body
    html = "text/html; charset=utf-8"
    captures: list[Capture] = []

    def page(path: str) -> bytes:
        response = app.respond(path)
        assert response.status == 200, path
        return response.body

    for i, article in enumerate(gold["articles"]):
        path = article["path"]
        published = datetime.fromisoformat(article["published"])
        year = max(published.year, 2016) + 1
        ts = _ts(year, 1 + i, 3 + i)
        url = ORIGIN + path
        if i == 0:  # captured three times at one address: the index lists one per URL key
            captures += [Capture(_ts(year + n, 2, 1), url, 200, html, page(path)) for n in (0, 1, 2)]
        elif i == 1:  # and under an http address with a tracking parameter: another URL key, the same article
            captures.append(Capture(ts, url, 200, html, page(path)))
            captures.append(Capture(_ts(year + 1, 5, 5), f"http://{HOST}{path}?utm_source=facebook", 200, html,
                                    page(path)))  # fmt: skip
        elif i == 2:  # the listed capture's replay redirects to a capture at another timestamp
            later = _ts(year, 6, 6)
            captures.append(Capture(ts, url, 200, html, page(path), redirect_to=later))
            captures.append(Capture(later, url, 200, html, page(path)))
        elif i == 3:  # the first capture is a soft 404 (the site was down); a later one holds the article
            captures.append(Capture(ts, url, 200, html, not_found))
            captures.append(Capture(_ts(year + 1, 7, 7), url, 200, html, page(path)))
        else:
            captures.append(Capture(ts, url, 200, html, page(path)))
    captures.append(Capture(_ts(2021, 3, 3), ORIGIN + DELETED, 200, html, not_found))
    captures.append(Capture(_ts(2021, 4, 4), ORIGIN + UNPLAYABLE, 200, html, b"", unplayable=True))
    for item in gold["non_articles"]:
        captures.append(Capture(_ts(2020, 9, 9), ORIGIN + item["path"], 200, html, page(item["path"])))
    captures.append(Capture(_ts(2020, 9, 10), ORIGIN + "/upload/anh-dai-hoi.jpg", 200, "image/jpeg", b"\xff\xd8\xff"))
    captures.append(Capture(_ts(2020, 9, 11), ORIGIN + "/VanBan/quyet-dinh-12.pdf", 200, "application/pdf", b"%PDF-1.4"))
    return sorted(captures, key=lambda c: (c.urlkey, c.timestamp))


class _Handler(QuietHandler):
    server: Any  # serves .wayback

    def do_GET(self) -> None:
        service = self.server.wayback
        service.log(self.path)
        if service.throttled(self.path):
            self._send(429, b"Too Many Requests", [("Retry-After", "1"), ("Content-Type", "text/plain")])
        elif self.path.startswith("/cdx/search/cdx"):
            self._send(200, service.cdx(parse_qs(urlsplit(self.path).query)), [("Content-Type", "text/plain")])
        elif self.path.startswith("/web/"):
            self._send(*service.replay(self.path[len("/web/") :]))
        else:
            self._send(404, b"not found", [("Content-Type", "text/plain")])

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        fields = dict(headers)
        self.reply(status, body, fields.pop("Content-Type", "text/plain"), fields)


class WaybackService:
    """Context manager: `.url` is the base to pass as --archive-url; `.requests` the (time, path) log."""

    def __init__(self, captures: list[Capture] | None = None, throttle: int = 2) -> None:
        self.captures = captures if captures is not None else build_captures()
        self.requests: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._throttle_left = throttle  # replays whose first request gets a 429
        self._throttled: set[str] = set()
        self._cdx_throttled = False
        self._serving = ExitStack()
        self._url: str | None = None

    @property
    def url(self) -> str:
        assert self._url is not None
        return self._url

    def log(self, path: str) -> None:
        with self._lock:
            self.requests.append((time.monotonic(), path))

    def replays(self) -> list[str]:
        return [path for _, path in self.requests if path.startswith("/web/")]

    def throttled(self, path: str) -> bool:
        """A 429 for the first CDX query and the first replay of the first `throttle` captures asked for."""
        with self._lock:
            if path.startswith("/cdx/") and not self._cdx_throttled:
                self._cdx_throttled = True
                return True
            if path.startswith("/web/") and path not in self._throttled and self._throttle_left > 0:
                self._throttled.add(path)
                self._throttle_left -= 1
                return True
            return False

    def cdx(self, query: dict[str, list[str]]) -> bytes:
        url = query["url"][0]
        key = surt(url)
        exact = query.get("matchType", ["exact"])[0] == "exact"
        lines, last = [], None
        for capture in self.captures:
            if (capture.urlkey != key) if exact else not capture.urlkey.startswith(key):
                continue
            if not self._passes(capture, query):
                continue
            collapse = query.get("collapse", [None])[0]
            group = {"urlkey": capture.urlkey, "digest": (capture.urlkey, capture.digest)}.get(collapse or "")
            if collapse and group == last:
                continue
            last = group
            lines.append(f"{capture.urlkey} {capture.timestamp} {capture.url} {capture.mimetype.split(';')[0]} "
                         f"{capture.status} {capture.digest} {len(capture.body)}")  # fmt: skip
        return ("\n".join(lines) + "\n").encode() if lines else b""

    @staticmethod
    def _passes(capture: Capture, query: dict[str, list[str]]) -> bool:
        for rule in query.get("filter", []):
            field, _, pattern = rule.partition(":")
            value = {"statuscode": str(capture.status), "mimetype": capture.mimetype.split(";")[0]}.get(field, "")
            if value != pattern:
                return False
        since, until = query.get("from", [""])[0], query.get("to", [""])[0]
        return capture.timestamp[: len(since)] >= since and (not until or capture.timestamp[: len(until)] <= until)

    def replay(self, target: str) -> tuple[int, bytes, list[tuple[str, str]]]:
        stamp, _, url = target.partition("/")
        timestamp = stamp.removesuffix("id_")
        same = [c for c in self.captures if c.urlkey == surt(url)]
        capture = next((c for c in same if c.timestamp == timestamp), None)
        if capture is None and same:  # as Wayback does: the nearest capture, by redirect
            nearest = min(same, key=lambda c: abs(int(c.timestamp) - int(timestamp)))
            return 302, b"", [("Location", f"/web/{nearest.timestamp}id_/{nearest.url}")]
        if capture is None or capture.unplayable:
            return 404, b"Wayback Machine has not archived that URL.", [("Content-Type", "text/html")]
        if capture.redirect_to:
            return 302, b"", [("Location", f"/web/{capture.redirect_to}id_/{capture.url}")]
        when = datetime.strptime(capture.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        return capture.status, capture.body, [
            ("Content-Type", capture.mimetype),
            ("Memento-Datetime", format_datetime(when, usegmt=True)),
            ("Link", f'<{capture.url}>; rel="original"'),
            ("X-Archive-Orig-Server", "Microsoft-IIS/8.5"),
            ("X-Archive-Orig-Date", format_datetime(when, usegmt=True)),
        ]

    def start(self) -> WaybackService:
        self._url = self._serving.enter_context(serving(_Handler, name="wayback", wayback=self))
        return self

    def stop(self) -> None:
        self._serving.close()

    def __enter__(self) -> WaybackService:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


if __name__ == "__main__":  # python -m tests.wayback_server: serve it in the foreground
    with WaybackService() as service:
        print(service.url, flush=True)
        threading.Event().wait()
