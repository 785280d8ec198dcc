"""A fault-injection news site on 127.0.0.1: everything small government sites do to a crawler.

Its listings link good articles, some served in awkward ways (slowly, after a 503 with Retry-After,
under a wrong or missing charset, in windows-1258, as malformed or truncated HTML, inside a 20 MB page,
behind a redirect), and fault pages that can only fail (404, 500, a Retry-After of an hour, a timeout,
a redirect loop, a connection closed mid-body, binary bytes served as text/html, a robots.txt ban).
Every link carries a fresh session id, and a date calendar links day to day without end.

`FAULTS` says what each fault page must be recorded as; `GOOD` lists the articles that must arrive,
exactly once, with their text intact. `hits` counts requests per path, so a test can tell that a
second run fetched no known article page. `FAULTY_PROFILE` is the site's profile, `faulty`, for a
test to write into its data directory's sites/ (crawler.sites.save_profile).
"""

from __future__ import annotations

import base64
import html
import random
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from math import ceil
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cleaner.selectors import Selectors
from crawler.sites import CrawlRules, SiteProfile
from tests.support.bigsite import BigArticle, build_articles
from tests.support.serving import QuietHandler, serving

TIMEOUT = 2.0  # the DOWNLOAD_TIMEOUT tests crawl this site with; the timeout page outwaits it
SLOW = 0.7  # the slow page answers after this long: slow, but within the timeout
BIG_PAGE = 20 * 1024 * 1024

# How each good article is served. Order matters only for stable ids.
GOOD_WAYS = (
    "plain", "plain", "plain", "slow", "retry-after", "wrong-charset", "no-charset", "cp1258-header",
    "cp1258-meta", "malformed", "truncated-html", "huge", "moved",
)  # fmt: skip

# Fault pages: path → the reason the crawl must record for it.
FAULTS = {
    "/bai/901-khong-ton-tai.html": "HTTP 404",
    "/bai/902-loi-may-chu.html": "HTTP 500",
    "/bai/903-bao-tri-mot-gio.html": "HTTP 503",
    "/bai/904-qua-thoi-gian.html": "timeout",
    "/bai/905-vong-lap.html": "redirect loop or too many redirects",
    "/bai/907-dut-giua-chung.html": "truncated response (connection closed early)",
    "/bai/908-tep-nhi-phan.html": "no article: ",  # extraction fails; the cleaner words the rest
    "/rieng/bai/909-cam-robots.html": "forbidden by robots.txt",
}


@dataclass(frozen=True)
class GoodArticle:
    article: BigArticle
    way: str

    @property
    def path(self) -> str:
        return f"/bai/{self.article.id}-{self.article.slug}.html"

    @property
    def linked_path(self) -> str:
        """Where listings link it: the moved article under its old address."""
        return f"/bai/{self.article.id}-{self.article.slug}-ban-cu.html" if self.way == "moved" else self.path


GOOD = tuple(GoodArticle(a, way) for a, way in zip(build_articles(len(GOOD_WAYS), seed=6), GOOD_WAYS, strict=True))
_BY_PATH = {g.path: g for g in GOOD}
_BY_OLD_PATH = {g.linked_path: g for g in GOOD if g.way == "moved"}


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese as windows-1258 writes it: base letters precomposed (â, ơ, ư…), tones as combining marks."""
    clusters: list[tuple[str, list[str], list[str]]] = []  # letter, its own marks, its tone
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            clusters[-1][2 if ch in _TONES else 1].append(ch)
        else:
            clusters.append((ch, [], []))
    return "".join(unicodedata.normalize("NFC", c + "".join(m)) + "".join(t) for c, m, t in clusters).encode("cp1258")


def _article_html(good: GoodArticle, charset_meta: str | None = "utf-8") -> str:
    a = good.article
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in a.paragraphs)
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html lang=\"vi\"><head>{meta}<title>{html.escape(a.title)} - LĐLĐ tỉnh</title></head>"
        '<body><div class="menu"><a href="/tin">Tin tức</a> <a href="/lich?ngay=2024-03-01">Lịch</a></div>'
        f'<h1 class="tieu-de">{html.escape(a.title)}</h1>'
        f'<div class="ngay">{a.published:%d/%m/%Y %H:%M}</div>'
        f'<div class="noi-dung">{paragraphs}<p style="text-align:right"><b>{html.escape(a.byline)}</b></p></div>'
        '<div class="footer">Bản quyền thuộc Liên đoàn Lao động tỉnh</div></body></html>'
    )


@cache
def _huge_page(good: GoodArticle) -> bytes:
    """The article with a 20 MB photo pasted inline as a data: URI, as some CMS editors save them."""
    picture = base64.b64encode(random.Random(1).randbytes(BIG_PAGE * 3 // 4)).decode()
    page = _article_html(good)
    return page.replace("</div></body>", f'<p><img src="data:image/jpeg;base64,{picture}"></p></div></body>').encode()


class FaultSite:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._answered_503: set[str] = set()

    def hit(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1

    def first_503(self, path: str) -> bool:
        with self._lock:
            if path in self._answered_503:
                return False
            self._answered_503.add(path)
            return True

    def article_hits(self) -> int:
        return sum(n for path, n in self.hits.items() if path.startswith(("/bai/", "/rieng/")))


def _sid() -> str:
    return "".join(random.choices("ABCDEF0123456789", k=16))


class _Handler(QuietHandler):
    server: Any  # serves .site; HTTP/1.0: one connection per request, so a fault never leaks into the next answer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path.split(";")[0]  # ;jsessionid=… rides on some links
        site = self.server.site
        site.hit(path)
        query = parse_qs(parts.query)
        if path == "/robots.txt":
            return self.reply(200, b"User-agent: *\nDisallow: /rieng/\n", "text/plain")
        if path == "/tin":
            return self._listing(int(query.get("trang", ["1"])[0]))
        if path == "/lich":
            return self._calendar(query.get("ngay", ["2024-03-01"])[0])
        if path in _BY_OLD_PATH:
            return self._redirect(_BY_OLD_PATH[path].path, 301)
        if path in _BY_PATH:
            return self._good(_BY_PATH[path], path)
        return self._fault(path)

    # pages

    def _listing(self, page: int) -> None:
        links = [g.linked_path for g in GOOD] + list(FAULTS)
        per_page = 8
        last = ceil(len(links) / per_page)
        chunk = links[(page - 1) * per_page : page * per_page]
        if not chunk:
            return self.reply(404, b"<h1>404</h1>")
        items = "".join(
            f'<li><a href="{p};jsessionid={_sid()}">Bài {i}</a></li>' if i % 3 == 0 else
            f'<li><a href="{p}?sid={_sid()}">Bài {i}</a></li>'
            for i, p in enumerate(chunk)
        )  # fmt: skip
        # Every view links the first, previous and next pages under a fresh session id: a crawler that
        # does not see through session ids reads the same pages again and again.
        nav = [("Trang đầu", 1), ("Trang trước", page - 1), ("Trang sau", page + 1)]
        pages = " ".join(
            f'<a href="/tin?{f"trang={n}&" if n > 1 else ""}sid={_sid()}">{label}</a>' for label, n in nav if 1 <= n <= last
        )
        calendar = f'<a href="/lich?ngay=2024-03-01&sid={_sid()}">Xem tin theo ngày</a>'
        body = f'<html><head><meta charset="utf-8"></head><body><ul class="ds">{items}</ul>{pages} {calendar}</body></html>'
        self.reply(200, body.encode())

    def _calendar(self, day: str) -> None:
        """A day with no news, linking the days and months around it: an endless trap."""
        try:
            current = date.fromisoformat(day)
        except ValueError:
            return self.reply(404, b"<h1>404</h1>")
        around = (current - timedelta(days=1), current + timedelta(days=1), current + timedelta(days=31))
        links = " ".join(f'<a href="/lich?ngay={d.isoformat()}&sid={_sid()}">{d:%d/%m/%Y}</a>' for d in around)
        body = f'<html><head><meta charset="utf-8"></head><body><p>Không có tin ngày {current:%d/%m/%Y}.</p>{links}</body></html>'
        self.reply(200, body.encode())

    def _good(self, good: GoodArticle, path: str) -> None:
        way = good.way
        if way == "slow":
            time.sleep(SLOW)
        if way == "retry-after" and self.server.site.first_503(path):
            return self.reply(503, "<h1>Dịch vụ tạm ngưng</h1>".encode(), headers={"Retry-After": "1"})
        if way == "wrong-charset":
            return self.reply(200, _article_html(good, None).encode(), "text/html; charset=iso-8859-1")
        if way == "no-charset":
            return self.reply(200, _article_html(good, None).encode(), "text/html")
        if way == "cp1258-header":
            return self.reply(200, cp1258(_article_html(good, None)), "text/html; charset=windows-1258")
        if way == "cp1258-meta":
            return self.reply(200, cp1258(_article_html(good, "windows-1258")), "text/html")
        if way == "malformed":  # unclosed paragraphs, stray and misnested tags, unquoted attributes
            page = _article_html(good).replace("</p>", "").replace("<b>", "<b><i>").replace("</b>", "</b></i></span>")
            page = page.replace('<div class="footer">', "</div></div></td><<div class=footer>")
            return self.reply(200, page.replace('class="menu"', "class=menu id=top").encode())
        if way == "truncated-html":
            page = _article_html(good)
            return self.reply(200, page[: page.index('<div class="footer">')].encode())
        if way == "huge":
            return self.reply(200, _huge_page(good))
        self.reply(200, _article_html(good).encode())

    def _fault(self, path: str) -> None:
        if path == "/bai/902-loi-may-chu.html":
            return self.reply(500, b"<h1>Internal Server Error</h1>")
        if path == "/bai/903-bao-tri-mot-gio.html":
            return self.reply(503, "<h1>Bảo trì</h1>".encode(), headers={"Retry-After": "3600"})
        if path == "/bai/904-qua-thoi-gian.html":
            time.sleep(TIMEOUT * 2)
            return self.reply(200, "<html><body>quá muộn</body></html>".encode())
        if path == "/bai/905-vong-lap.html":
            return self._redirect("/bai/906-vong-lap-tiep.html")
        if path == "/bai/906-vong-lap-tiep.html":
            return self._redirect("/bai/905-vong-lap.html")
        if path == "/bai/907-dut-giua-chung.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write("<html><body><h1>Bài viết</h1><p>".encode())
            return None
        if path == "/bai/908-tep-nhi-phan.html":
            return self.reply(200, b"\x89PNG\r\n\x1a\n" + random.Random(2).randbytes(4000), "text/html")
        return self.reply(404, "<h1>Không tìm thấy trang</h1>".encode())

    def _redirect(self, location: str, status: int = 302) -> None:
        self.reply(status, b"", headers={"Location": location})


@contextmanager
def fault_server() -> Iterator[tuple[str, FaultSite]]:
    """`with fault_server() as (url, site):` serves the fault site on a free port of 127.0.0.1."""
    _huge_page(next(g for g in GOOD if g.way == "huge"))  # built before serving: its first answer is not slow
    site = FaultSite()
    with serving(_Handler, name="fault-server", site=site) as url:
        yield url, site


FAULTY_PROFILE = SiteProfile(
    name="faulty",
    title="Trang thử lỗi (thử nghiệm)",
    level="demo",
    province="Điện Biên",
    province_after_2025="Điện Biên",
    home="http://127.0.0.1:8499/",
    evidence="test fixture",
    download_delay=0.0,
    crawl=CrawlRules(
        start=("/tin",),
        article=(r"/bai/\d+-[a-z0-9-]+\.html",),
        listing=(r"/(?:tin\?(?:.*&)?trang=\d+|lich\?(?:.*&)?ngay=[\d-]+)",),
    ),
    selector_sets=(Selectors(title="h1.tieu-de", date=".ngay", body=".noi-dung"),),
)
