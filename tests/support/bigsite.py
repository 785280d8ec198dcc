"""A synthetic provincial-union site of any size, for benchmarks and for crawl tests that need volume.

The four demo sites hold 28 articles: too few to time a crawl or to kill one half-way. This site
builds as many articles as asked from the demo sites' own Vietnamese paragraphs, deterministically,
so a run can be checked article by article. It behaves like a well-kept CMS: listings of 20, newest
first, `ETag` and `Last-Modified` on article pages, and 304 answers to conditional requests. New
articles can be published while it runs (`publish`), and it counts the requests it serves.

It is not one of the built-in profiles (a crawl of the demo sites must not look for it): `install_profile`
writes its profile, `demo-big`, into a data directory's `sites/`, as `--data-dir` does below.

    python -m tests.support.bigsite --articles 2000 --port 8480 [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import random
import threading
import time
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from itertools import product
from math import ceil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cleaner.selectors import Selectors
from crawler.sites import CrawlRules, SiteProfile, profiles_dir, save_profile
from tests.support.serving import QuietHandler, serving
from unionnews.demo.content import load_sites
from vnlang.dates import VIETNAM
from vnlang.text import fold

PAGE_SIZE = 20
_NEWEST = datetime(2025, 6, 30, 16, 30, tzinfo=VIETNAM)

_ACTIONS = ("Tổ chức", "Triển khai", "Tổng kết", "Phát động", "Hưởng ứng", "Kiểm tra", "Sơ kết", "Ra quân")
_TOPICS = (
    "Tháng Công nhân", "phong trào thi đua lao động giỏi", "chương trình Mái ấm Công đoàn", "Tết Sum vầy",
    "hội nghị người lao động", "công tác an toàn, vệ sinh lao động", "đại hội công đoàn cơ sở",
    "tập huấn nghiệp vụ cho cán bộ công đoàn", "Quỹ Xã hội Công đoàn", "đối thoại với công nhân lao động",
)  # fmt: skip
_PLACES = (
    "huyện Chợ Mới", "thành phố Lạng Sơn", "huyện Mộc Châu", "thị xã Phổ Yên", "khu công nghiệp Yên Bình",
    "huyện Bảo Lạc", "huyện Quỳnh Nhai", "huyện Ba Bể", "huyện Hữu Lũng", "thành phố Sông Công",
)  # fmt: skip
_YEARS = tuple(range(2019, 2026))
_AUTHORS = ("Hoàng Thu Trang", "Nguyễn Văn Hùng", "Lò Thị Hoà", "Đặng Quốc Việt", "Triệu Thị Mai", "Vi Văn Thuỷ")
_MENU = ("Trang chủ", "Giới thiệu", "Tin tức", "Hoạt động công đoàn", "Chính sách pháp luật", "Văn bản", "Liên hệ")


@dataclass(frozen=True)
class BigArticle:
    id: int
    title: str
    slug: str
    published: datetime
    author: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/tin-tuc/{self.id}-{self.slug}.html"

    @property
    def byline(self) -> str:
        return f"Tin, ảnh: {self.author}"

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def _paragraph_pool() -> list[str]:
    return [p for site in load_sites().values() for a in site.articles for p in (a.lead, *a.paragraphs) if p]


def build_articles(count: int, seed: int = 2025) -> list[BigArticle]:
    """`count` distinct articles, newest first; the same count and seed always give the same site."""
    titles = [f"{a} {t} tại {p} năm {y}" for a, t, p, y in product(_ACTIONS, _TOPICS, _PLACES, _YEARS)]
    if count > len(titles):
        raise ValueError(f"at most {len(titles)} articles")
    random.Random(seed).shuffle(titles)
    pool = _paragraph_pool()
    articles = []
    for i in range(count):
        rng = random.Random(seed * 100_003 + i)
        article_id = 100_000 + count - i
        slug = _slug(titles[i])
        articles.append(BigArticle(
            id=article_id, title=titles[i], slug=slug, published=_NEWEST - timedelta(hours=7 * i, minutes=13 * (i % 5)),
            author=rng.choice(_AUTHORS), paragraphs=tuple(rng.sample(pool, rng.randint(4, 9))),
        ))  # fmt: skip
    return articles


def _slug(text: str) -> str:
    return "-".join(fold(text).replace(",", " ").split())


# What real CMS pages carry besides the article (a mega-menu, document boxes, inline scripts), so the
# cleaner works on pages of a realistic size (about 25 KB) rather than on bare articles.
_SUBMENU = "".join(
    f'<li class="has-sub"><a href="/{_slug(m)}">{m}</a><ul>'
    + "".join(f'<li><a href="/{_slug(m)}/{_slug(t)}">{t[0].upper() + t[1:]}</a></li>' for t in _TOPICS)
    + "</ul></li>"
    for m in _MENU
)
_DOCUMENTS = "".join(
    f'<li><a href="/van-ban/{n}">Công văn số {n}/LĐLĐ-TG về việc hướng dẫn {t}</a></li>'
    for n, t in zip(range(101, 111), _TOPICS, strict=True)
)
_SCRIPT = "<script>" + "".join(
    f"window.dataLayer=window.dataLayer||[];dataLayer.push({{'event':'view','slot':{n},'zone':'banner-{n}'}});\n"
    for n in range(40)
) + "</script>"


def _page(title: str, main: str, latest: list[BigArticle]) -> str:
    menu = _SUBMENU
    side = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in latest)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)} - Công đoàn tỉnh</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/css/site.css">
{_SCRIPT}</head>
<body><div id="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="LĐLĐ tỉnh"></a></div>
<div class="banner">LIÊN ĐOÀN LAO ĐỘNG TỈNH</div><ul class="menu">{menu}</ul>
<marquee class="slogan">NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI CÔNG ĐOÀN CÁC CẤP NHIỆM KỲ 2023 - 2028!</marquee></div>
<div id="wrapper"><div id="main">{main}</div>
<div id="sidebar"><div class="box"><h3>Tin mới</h3><ul>{side}</ul></div>
<div class="box docs"><h3>Văn bản mới</h3><ul>{_DOCUMENTS}</ul></div>
<div class="box counter"><h3>Thống kê truy cập</h3><p>Đang truy cập: 27</p><p>Tổng lượt truy cập: 1.204.557</p></div></div></div>
<div id="footer"><p>Bản quyền thuộc Liên đoàn Lao động tỉnh. Địa chỉ: số 2 đường Hùng Vương.</p>
<p>Chịu trách nhiệm nội dung: Ban Tuyên giáo LĐLĐ tỉnh.</p></div></body></html>
"""


def _vn_date(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


class BigSite:
    """The site's pages; `publish` adds newer articles while it is being served."""

    def __init__(self, articles: int = 2000, seed: int = 2025, delay: float = 0.0) -> None:
        self._all = build_articles(articles + 200, seed)  # the newest 200 wait for `publish`
        self.visible = articles
        self.delay = delay
        self.hits: Counter[str] = Counter()  # "listing" / "article" / "not-modified" / "other"
        self._lock = threading.Lock()
        self._cache: dict[str, bytes] = {}
        self._index = {a.id: i for i, a in enumerate(self._all)}

    @property
    def articles(self) -> list[BigArticle]:
        return self._all[len(self._all) - self.visible :]

    def publish(self, count: int) -> list[BigArticle]:
        with self._lock:
            if self.visible + count > len(self._all):
                raise ValueError("no more articles to publish")
            self.visible += count
            self._cache = {k: v for k, v in self._cache.items() if not k.startswith("listing:")}
            return self.articles[:count]

    def count(self, kind: str) -> None:
        with self._lock:
            self.hits[kind] += 1

    def listing(self, page: int) -> bytes | None:
        articles = self.articles
        pages = max(1, ceil(len(articles) / PAGE_SIZE))
        if not 1 <= page <= pages:
            return None
        key = f"listing:{page}"
        if key not in self._cache:
            items = "".join(
                f'<div class="news-item"><h2><a href="{a.path}">{html.escape(a.title)}</a></h2>'
                f'<span class="date">{_vn_date(a.published)}</span><p>{html.escape(a.paragraphs[0][:160])}…</p></div>'
                for a in articles[PAGE_SIZE * (page - 1) : PAGE_SIZE * page]
            )
            numbers = "".join(  # page 1 is the listing's own address, as CMSs link it
                f'<a href="/tin-tuc{f"?page={n}" if n > 1 else ""}">{n}</a> '
                for n in range(max(1, page - 2), min(pages, page + 2) + 1)
            )
            nav = f'<div class="paging">{numbers}<a href="/tin-tuc?page={page + 1}">Trang sau</a></div>' if page < pages else ""
            main = f'<h1 class="cat-title">Hoạt động công đoàn</h1><div class="news-list">{items}</div>{nav}'
            self._cache[key] = _page("Hoạt động công đoàn", main, articles[:10]).encode()
        return self._cache[key]

    def article(self, article_id: int) -> tuple[BigArticle, bytes] | None:
        i = self._index.get(article_id)
        if i is None or i < len(self._all) - self.visible:
            return None  # unknown, or not published yet
        article = self._all[i]
        key = f"article:{article_id}"
        if key not in self._cache:  # an article page never changes once published: stable ETag
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in article.paragraphs)
            related = "".join(
                f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in self._all[i + 1 : i + 6]
            )
            main = (
                '<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/tin-tuc">Hoạt động công đoàn</a></div>'
                f'<h1 class="article-title">{html.escape(article.title)}</h1>'
                f'<div class="article-date">Ngày đăng: {_vn_date(article.published)}</div>'
                f'<div class="article-content">{body}'
                f'<p style="text-align:right"><strong>{html.escape(article.byline)}</strong></p></div>'
                '<div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> | <a href="#">In bài</a></div>'
                f'<div class="related"><h3>Tin liên quan</h3><ul>{related}</ul></div>'
            )
            self._cache[key] = _page(article.title, main, self._all[i + 1 : i + 11]).encode()
        return article, self._cache[key]


class _Handler(QuietHandler):
    server: Any  # serves .site

    def do_GET(self) -> None:
        site = self.server.site
        if site.delay:
            time.sleep(site.delay)
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /admin/\n", "text/plain", "other")
        if parts.path == "/tin-tuc":
            page = parse_qs(parts.query).get("page", ["1"])[0]
            body = site.listing(int(page)) if page.isdigit() else None
            return self._send(200, body, kind="listing") if body else self._send(404, b"<h1>404</h1>", kind="other")
        if parts.path.startswith("/tin-tuc/") and parts.path.endswith(".html"):
            number = parts.path.removeprefix("/tin-tuc/").split("-", 1)[0]
            if number.isdigit() and (found := site.article(int(number))):
                return self._article(*found)
        self._send(404, b"<h1>404</h1>", kind="other")

    def _article(self, article: BigArticle, body: bytes) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or self._not_modified_since(article.published):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            self.server.site.count("not-modified")
            return
        headers = {"ETag": etag, "Last-Modified": format_datetime(article.published.astimezone(UTC), usegmt=True)}
        self._send(200, body, kind="article", headers=headers)

    def _not_modified_since(self, published: datetime) -> bool:
        since = self.headers.get("If-Modified-Since")
        try:
            return bool(since) and published <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", kind: str = "other",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.reply(status, body, content_type, headers)
        self.server.site.count(kind)


def serve_big_site(site: BigSite, port: int = 0) -> AbstractContextManager[str]:
    """Serves a BigSite on 127.0.0.1 in a background thread; the context gives its base URL."""
    return serving(_Handler, port, name="bigsite", site=site)


BIG_PROFILE = SiteProfile(
    name="demo-big",
    title="Demo: trang tổng hợp cỡ lớn (thử nghiệm)",
    level="demo",
    province="Thái Nguyên",
    province_after_2025="Thái Nguyên",
    home="http://127.0.0.1:8480/",
    evidence="test fixture",
    family="portal",
    download_delay=0.0,
    crawl=CrawlRules(
        start=("/tin-tuc",),
        article=(r"/tin-tuc/\d+-[a-z0-9-]+\.html$",),
        listing=(r"/tin-tuc\?page=\d+$",),
        listing_area="#main",
    ),
    selector_sets=(
        Selectors(title="h1.article-title", date=".article-date", body=".article-content", remove=(".related",)),
    ),
)


def install_profile(home: Path, profile: SiteProfile = BIG_PROFILE) -> Path:
    """Make a data directory know the site: its profile as `<home>/sites/demo-big.toml`."""
    return save_profile(profile, profiles_dir(home))


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the synthetic big demo site on 127.0.0.1.")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--data-dir", type=Path, help="write the site's profile into this data directory's sites/")
    args = parser.parse_args()
    if args.data_dir:
        install_profile(args.data_dir)
    with serve_big_site(BigSite(args.articles), args.port) as url:
        print(f"demo-big: {args.articles} articles at {url}  (crawl with --site demo-big --base-url demo-big={url})")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
