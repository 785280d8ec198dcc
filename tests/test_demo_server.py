"""The demo sites over real HTTP: URLs, markup regions and feeds the crawler relies on.

Expected URLs are spelled out here from the demo contract rather than taken
from ``unionnews.demo.urls``, so a drift in the URL schemes fails loudly.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from unionnews.demo.content import DemoArticle, DemoSite, load_sites
from unionnews.demo.server import DEFAULT_PORTS, DemoServer
from vnlang.dates import VIETNAM

SITES = load_sites()
NAMES = sorted(DEFAULT_PORTS)


@dataclass(frozen=True)
class Family:
    listing: str  # page 1
    page: str  # page n >= 2, with {n} and {start}
    article: str  # with {id} and {slug}
    listing_region: tuple[str, str]  # (tag, class) holding the listing's items
    article_region: tuple[str, str]  # (tag, class) holding title, date, lead, body
    robots: tuple[str, ...]


FAMILIES = {
    "portal": Family(
        "/tin-tuc/hoat-dong-cong-doan.html", "/tin-tuc/hoat-dong-cong-doan.html?page={n}",
        "/tin-tuc/hoat-dong-cong-doan/{slug}-{id}.html",
        ("div", "news-list"), ("div", "news-detail"),
        ("User-agent: *", "Disallow: /admin/", "Disallow: /tim-kiem"),
    ),
    "joomla": Family(
        "/index.php/tin-tuc", "/index.php/tin-tuc?start={start}",
        "/index.php/tin-tuc/{id}-{slug}",
        ("div", "blog"), ("div", "item-page"),
        ("User-agent: *", "Disallow: /administrator/", "Disallow: /plugins/", "Disallow: /tmp/"),
    ),
    "table": Family(
        "/tintuc.asp?cat=2", "/tintuc.asp?cat=2&page={n}",
        "/chitiet.asp?id={id}&cat=2",
        ("table", "danhsach"), ("td", "noidung"),
        ("User-agent: *", "Disallow: /admin/"),
    ),
    "html5": Family(
        "/tin-tuc", "/tin-tuc/trang-{n}",
        "/bai-viet/{slug}-{id}",
        ("section", "post-list"), ("article", "post"),
        ("User-agent: *", "Disallow: /tim-kiem"),
    ),
}


def family(name: str) -> Family:
    return FAMILIES[SITES[name].family]


def page_path(name: str, n: int) -> str:
    scheme = family(name)
    return scheme.listing if n == 1 else scheme.page.format(n=n, start=4 * (n - 1))


def article_path(name: str, article: DemoArticle) -> str:
    return family(name).article.format(id=article.id, slug=article.slug)


def by_id(name: str, article_id: int) -> DemoArticle:
    return next(a for a in SITES[name].articles if a.id == article_id)


def page_count(site: DemoSite) -> int:
    return -(-len(site.articles) // 4)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    text: str


def fetch(url: str, method: str = "GET") -> Reply:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, dict(response.headers), response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, dict(error.headers), error.read().decode("utf-8"))


class Region(HTMLParser):
    """Text and link targets inside the first element with a given tag and class."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, html: str, tag: str, cls: str) -> None:
        super().__init__()
        self.tag, self.cls = tag, cls
        self.depth = 0
        self.found = False
        self.parts: list[str] = []
        self.links: list[str] = []
        self.feed(html)
        self.close()
        assert self.found, f"no <{tag} class={cls}> in page"

    @property
    def text(self) -> str:
        return squash("".join(self.parts))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        if self.depth:
            self.depth += 1
        elif not self.found and tag == self.tag and self.cls in (attributes.get("class") or "").split():
            self.found = True
            self.depth = 1
        if self.depth and tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def squash(text: str) -> str:
    """Whitespace (including the table family's &nbsp; indents) collapsed to single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    with DemoServer(ports={name: 0 for name in NAMES}) as bound:
        yield bound


def all_articles() -> list[tuple[str, DemoArticle]]:
    return [(name, article) for name in NAMES for article in SITES[name].articles]


def test_content_matches_the_contract() -> None:
    assert {name: (site.family, site.province) for name, site in SITES.items()} == {
        "demo-portal": ("portal", "Bắc Kạn"),
        "demo-joomla": ("joomla", "Lạng Sơn"),
        "demo-table": ("table", "Sơn La"),
        "demo-html5": ("html5", "Thái Nguyên"),
    }
    for site in SITES.values():
        assert len(site.articles) > 4, "listings must span at least two pages"
        dates = [a.published for a in site.articles]
        assert dates == sorted(dates, reverse=True)
        assert all(d.utcoffset() is not None for d in dates)
    seed = by_id("demo-joomla", 214)  # seed 002: lead, two paragraphs, one captioned photo
    assert seed.body.split("\n\n") == [seed.lead, *seed.paragraphs]
    assert seed.body.startswith("Ngày 30/12/2019, Liên đoàn Lao động huyện Chi Lăng")
    assert seed.captions == ("Đ/c Bế Thị Hòa, , Phó Chủ tịch Thường trực LĐLĐ tỉnh trao Cờ thi đua, "
                             "Bằng khen cho tập thể, cá nhân đã có thành tích xuất sắc năm 2019",)
    assert seed.author == "Đỗ Thị Gấm" and seed.author not in seed.body


def test_load_sites_rejects_naive_dates(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "unionnews/demo/content/table.toml").read_text(encoding="utf-8")
    naive = re.sub(r'(published = "[^"]*)\+07:00"', r'\1"', text, count=1)
    (tmp_path / "table.toml").write_text(naive, encoding="utf-8")
    with pytest.raises(ValueError, match="table.toml: .*timezone"):
        load_sites(tmp_path)


@pytest.mark.parametrize("name", NAMES)
def test_robots(urls: dict[str, str], name: str) -> None:
    reply = fetch(urls[name] + "/robots.txt")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = reply.text.splitlines()
    assert all(line in lines for line in family(name).robots)
    if SITES[name].family == "html5":
        assert f"Sitemap: {urls[name]}/sitemap.xml" in lines


@pytest.mark.parametrize("name", NAMES)
def test_home_page(urls: dict[str, str], name: str) -> None:
    reply = fetch(urls[name] + "/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f"Bản quyền thuộc Liên đoàn Lao động tỉnh {SITES[name].province}" in reply.text
    assert f'href="{family(name).listing.replace("&", "&amp;")}"' in reply.text


@pytest.mark.parametrize("name", NAMES)
def test_listing_pages_link_every_article_once(urls: dict[str, str], name: str) -> None:
    site = SITES[name]
    expected = [article_path(name, a) for a in site.articles]
    seen: list[str] = []
    for n in range(1, page_count(site) + 1):
        reply = fetch(urls[name] + page_path(name, n))
        assert reply.status == 200
        links = Region(reply.text, *family(name).listing_region).links
        on_page = list(dict.fromkeys(href for href in links if href in expected))
        assert on_page == expected[4 * (n - 1):4 * n]  # newest first, four a page
        seen += on_page
        if n < page_count(site):
            assert page_path(name, n + 1).replace("&", "&amp;") in reply.text  # pager links on
    assert seen == expected


def test_listing_pager_markup(urls: dict[str, str]) -> None:
    portal = fetch(urls["demo-portal"] + "/tin-tuc/hoat-dong-cong-doan.html").text
    assert '<a class="next" href="/tin-tuc/hoat-dong-cong-doan.html?page=2">Trang sau</a>' in portal
    joomla = fetch(urls["demo-joomla"] + "/index.php/tin-tuc").text
    assert '<a title="Trang sau" href="/index.php/tin-tuc?start=4"' in joomla
    assert '<link href="/index.php/tin-tuc?format=feed&amp;type=rss" rel="alternate" type="application/rss+xml"' in joomla
    table = Region(fetch(urls["demo-table"] + "/tintuc.asp?cat=2").text, "td", "paging")
    assert table.text.startswith("[1] [2]") and "[Tiếp]" in table.text
    html5 = fetch(urls["demo-html5"] + "/tin-tuc").text
    assert '<link rel="next" href="/tin-tuc/trang-2">' in html5
    assert '<a rel="next" href="/tin-tuc/trang-2">' in html5


def test_query_parameter_order_does_not_matter(urls: dict[str, str]) -> None:
    base = urls["demo-table"]
    assert fetch(base + "/tintuc.asp?page=2&cat=2").text == fetch(base + "/tintuc.asp?cat=2&page=2").text
    article = SITES["demo-table"].articles[0]
    swapped = fetch(base + f"/chitiet.asp?cat=2&id={article.id}")
    assert swapped.status == 200
    assert Region(swapped.text, "td", "tieude").text == squash(article.title)
    feed = fetch(urls["demo-joomla"] + "/index.php/tin-tuc?type=rss&format=feed")
    assert feed.status == 200 and feed.headers["Content-Type"].startswith("application/rss+xml")


@pytest.mark.parametrize(("name", "article"), all_articles(),
                         ids=[f"{n}-{a.id}" for n, a in all_articles()])
def test_article_page_carries_the_gold_text(urls: dict[str, str], name: str, article: DemoArticle) -> None:
    reply = fetch(urls[name] + article_path(name, article))
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert parsedate_to_datetime(reply.headers["Last-Modified"]) == article.published
    region = Region(reply.text, *family(name).article_region).text
    for text in (article.lead, *article.paragraphs, *article.captions, article.byline):
        assert squash(text) in region
    if SITES[name].family != "table":  # the ASP site's <td class="tieude"> sits outside td.noidung
        assert squash(article.title) in region
    else:
        assert squash(article.title) in Region(reply.text, "td", "tieude").text
        assert article.published.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M:%S") in reply.text


def test_article_titles_in_head(urls: dict[str, str]) -> None:
    def head_title(name: str) -> str:
        page = fetch(urls[name] + article_path(name, SITES[name].articles[0])).text
        return html.unescape(re.search(r"<title>(.*?)</title>", page, re.S)[1]).strip()

    def newest(name: str) -> str:
        return SITES[name].articles[0].title

    assert head_title("demo-portal") == newest("demo-portal") + " - Liên đoàn Lao động tỉnh Bắc Kạn"
    assert head_title("demo-joomla") == newest("demo-joomla")
    assert head_title("demo-table") == "Liên đoàn Lao động tỉnh Sơn La"
    assert head_title("demo-html5") == newest("demo-html5") + " | Công đoàn Thái Nguyên"


def test_seed_articles_print_like_the_real_sites(urls: dict[str, str]) -> None:
    def page(name: str, article_id: int) -> str:
        return fetch(urls[name] + article_path(name, by_id(name, article_id))).text

    portal = page("demo-portal", 1021)  # seed 000, congdoanbackan.org.vn
    assert '<h1 class="news-title">Cụm thi đua 7 tỉnh Trung du tổng kết năm 2020</h1>' in portal
    assert '<div class="news-date">Cập nhật lúc 19:56 - 27/12/2020 (GMT +07:00)</div>' in portal
    assert '<td class="image-caption">Hội nghị thảo luận</td>' in portal
    assert '<p style="text-align:right"><strong>Ngọc Liêm</strong></p>' in portal

    joomla = page("demo-joomla", 214)  # seed 002, Lạng Sơn
    assert ('<time datetime="2019-12-31T17:16:00+07:00" itemprop="dateCreated">'
            "Thứ ba, 31 Tháng 12 2019 17:16</time>") in joomla
    assert 'alt="ảnh chi lăng tổng kết 2019"' in joomla
    assert '<p style="text-align:right"><strong>Tin, ảnh: Đỗ Thị Gấm</strong></p>' in joomla
    assert '<dd class="category-name">Danh mục: <a href="/index.php/tin-tuc" itemprop="genre">LĐLĐ tỉnh</a></dd>' in joomla

    table = page("demo-table", 3027)  # seed 001, Sơn La
    assert '<td class="tieude">Khối thi đua khu vực I tổng kết phong trào thi đua năm 2019, ' in table
    assert '<td class="ngaydang">2020-01-04 01:43:30</td>' in table
    assert "<p>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;" in table
    assert '<p align="right"><b>Thu Hiền</b></p>' in table

    html5 = page("demo-html5", 63)
    assert '<time datetime="2020-03-18T10:30:00+07:00">Thứ Tư, 18/03/2020 - 10:30</time>' in html5
    assert '<p class="byline">Ban TG</p>' in html5
    assert '"author": {"@type": "Person", "name": "Ban TG"}' in html5


@pytest.mark.parametrize("name", NAMES)
def test_unknown_paths_and_pages_are_404(urls: dict[str, str], name: str) -> None:
    site = SITES[name]
    article = site.articles[0]
    missing = [
        "/khong-co-trang-nay.html",
        page_path(name, page_count(site) + 1),
        family(name).article.format(id=999999, slug=article.slug),
    ]
    if site.family != "table":  # the ASP site looks articles up by id alone
        missing.append(family(name).article.format(id=article.id, slug=article.slug + "-cu"))
    for path in missing:
        reply = fetch(urls[name] + path)
        assert reply.status == 404, path
        assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
        assert f"Liên đoàn Lao động tỉnh {site.province}" in reply.text


def test_odd_listing_offsets_are_404(urls: dict[str, str]) -> None:
    assert fetch(urls["demo-joomla"] + "/index.php/tin-tuc?start=3").status == 404
    assert fetch(urls["demo-portal"] + "/tin-tuc/hoat-dong-cong-doan.html?page=0").status == 404
    assert fetch(urls["demo-table"] + "/tintuc.asp?cat=3").status == 404


def test_head_request(urls: dict[str, str]) -> None:
    url = urls["demo-portal"] + article_path("demo-portal", SITES["demo-portal"].articles[0])
    head, get = fetch(url, "HEAD"), fetch(url)
    assert head.status == 200 and head.text == ""
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(get.text.encode()))


def test_joomla_rss_lists_every_article(urls: dict[str, str]) -> None:
    base = urls["demo-joomla"]
    reply = fetch(base + "/index.php/tin-tuc?format=feed&type=rss")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    items = ET.fromstring(reply.text.encode()).findall("./channel/item")
    site = SITES["demo-joomla"]
    assert [item.findtext("link") for item in items] == [
        base + article_path("demo-joomla", a) for a in site.articles]
    assert base.startswith("http://127.0.0.1:") and not base.endswith(":8472")
    for item, article in zip(items, site.articles, strict=True):
        assert item.findtext("title") == article.title
        assert parsedate_to_datetime(item.findtext("pubDate") or "") == article.published
        assert (item.findtext("pubDate") or "").endswith("+0700")


def test_html5_sitemap_lists_every_article(urls: dict[str, str]) -> None:
    base = urls["demo-html5"]
    reply = fetch(base + "/sitemap.xml")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/xml; charset=utf-8"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = ET.fromstring(reply.text.encode()).findall("s:url", ns)
    site = SITES["demo-html5"]
    assert [e.findtext("s:loc", namespaces=ns) for e in entries] == [
        base + article_path("demo-html5", a) for a in site.articles]
    assert [datetime.fromisoformat(e.findtext("s:lastmod", namespaces=ns) or "") for e in entries] == [
        a.published for a in site.articles]


@pytest.mark.parametrize("article", SITES["demo-html5"].articles, ids=lambda a: str(a.id))
def test_html5_json_ld(urls: dict[str, str], article: DemoArticle) -> None:
    page = fetch(urls["demo-html5"] + article_path("demo-html5", article)).text
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match
    data = json.loads(match[1])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published.astimezone(VIETNAM).isoformat()
    assert data["datePublished"].endswith("+07:00")
    assert data["author"] == {"@type": "Person", "name": article.author}
    assert data["articleSection"] == article.category
    assert f'<meta property="og:url" content="{urls["demo-html5"]}{article_path("demo-html5", article)}">' in page


def test_serve_prints_sites_and_stops_cleanly_on_ctrl_c() -> None:
    code = "from unionnews.demo.server import serve; serve(ports={'demo-portal': 0, 'demo-table': 0})"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", env=env) as process:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
        assert re.fullmatch(r"demo-portal  http://127\.0\.0\.1:\d+  \(portal, Bắc Kạn\)\n", first)
        assert re.fullmatch(r"demo-table   http://127\.0\.0\.1:\d+  \(table, Sơn La\)\n", second)
        base = first.split()[1]
        assert fetch(base + "/robots.txt").status == 200
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=10)
    assert process.returncode == 0
    assert errors == ""  # neither a traceback nor per-request log lines
