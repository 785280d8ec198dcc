"""The fixture sites under tests/sites/ serve what their gold says, over real HTTP on 127.0.0.1.

These guard the fixtures themselves (discovery and extraction are measured against them elsewhere):
every gold page answers, listings reach every article through their own pagination, robots.txt,
feeds and sitemaps exist exactly where the gold declares them, and the two-URL site names its
canonical URL. The committed gold.json files must match the data the pages are rendered from.
"""

from __future__ import annotations

import html
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
import pytest
from sites.gold import render
from sites.model import KEYS, ROOT, text_usage
from sites.server import FixtureSites, load_gold


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    with FixtureSites() as sites:
        yield sites.urls


def fetch(url: str) -> tuple[int, str]:
    # Clients send a raw "đ" in a path percent-encoded; do the same.
    parts = urlsplit(url)
    url = parts._replace(path=quote(parts.path, safe="/%")).geturl()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def norm(path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    parts = urlsplit(path)
    return unquote(parts.path), tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def links(base: str, page_url: str, body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], str]:
    """Same-site links of a page: normalised path -> absolute URL."""
    found = {}
    for href in lxml.html.fromstring(body).xpath("//a/@href"):
        url = urljoin(page_url, href)
        if url.startswith(base + "/"):
            found[norm(url[len(base):])] = url
    return found


def all_articles(gold: dict[str, Any]) -> list[dict[str, Any]]:
    return gold["articles"] + gold["other_articles"]


@pytest.mark.parametrize("key", KEYS)
def test_committed_gold_matches_the_site_data(key: str) -> None:
    assert (ROOT / key / "gold.json").read_text(encoding="utf-8") == render(key), (
        f"tests/sites/{key}/gold.json is stale: run python -m tests.sites.gold")


def test_content_is_varied_and_sized_like_real_articles() -> None:
    assert max(text_usage().values()) <= 2
    for key in KEYS:
        gold = load_gold(key)
        assert 8 <= len(gold["articles"]) <= 12, key
        for article in all_articles(gold):
            words = len(article["body"].split())
            assert 130 <= words <= 400, (key, article["title"], words)
            for text in (article["title"], article["body"], *article["captions"]):
                assert unicodedata.is_normalized("NFC", text)
    assert sum(1 for key in KEYS if not load_gold(key)["feeds"] and not load_gold(key)["sitemaps"]) >= 2


@pytest.mark.parametrize("key", KEYS)
def test_every_article_url_serves_its_title_and_first_paragraph(urls: dict[str, str], key: str) -> None:
    gold = load_gold(key)
    for article in all_articles(gold):
        for path in (article["path"], *article["alternates"]):
            status, body = fetch(urls[key] + path)
            assert status == 200, path
            text = html.unescape(body)
            assert article["title"] in text, path
            assert article["body"].split("\n\n")[0] in text, path
            for caption in article["captions"]:
                assert caption in text, path


@pytest.mark.parametrize("key", KEYS)
def test_every_non_article_page_answers_and_unknown_paths_do_not(urls: dict[str, str], key: str) -> None:
    gold = load_gold(key)
    kinds = {page["kind"] for page in gold["non_articles"]}
    assert {"home", "category", "search", "about", "contact", "gallery"} <= kinds
    for page in gold["non_articles"]:
        status, _ = fetch(urls[key] + page["path"])
        assert status == 200, page
    for path in ("/khong-co-trang-nay.html", gold["articles"][0]["path"].replace(".", "x", 1) + "9"):
        status, body = fetch(urls[key] + path)
        assert status == 404, path
        assert "<html" in body.lower()


@pytest.mark.parametrize("key", KEYS)
def test_listings_reach_every_article_through_their_own_pagination(urls: dict[str, str], key: str) -> None:
    gold, base = load_gold(key), urls[key]
    listings = [p for p in gold["non_articles"] if p["kind"] == "category"]
    article_paths = {norm(p): a for a in all_articles(gold) for p in (a["path"], *a["alternates"])}
    reached: set[str] = set()
    for name in {p["category"] for p in listings}:
        pages = {norm(p["path"]) for p in listings if p["category"] == name}
        first = next(p["path"] for p in listings if p["category"] == name and p["page"] == 1)
        seen, queue, found = {norm(first)}, [base + first], set()
        while queue:  # follow only this category's own pages from its first page
            url = queue.pop()
            status, body = fetch(url)
            assert status == 200
            for link, target in links(base, url, body).items():
                if link in pages and link not in seen:
                    seen.add(link)
                    queue.append(target)
                elif link in article_paths:
                    found.add(article_paths[link]["title"])
        assert seen == pages, f"{key}: pages of {name} not reachable from its first page"
        expected = {a["title"] for a in all_articles(gold) if a["category"] == name}
        assert expected <= found, f"{key}: {name} listings miss {expected - found}"
        reached |= found
    assert reached == {a["title"] for a in all_articles(gold)}
    assert max(p["page"] for p in listings) >= 2, "a main category must page"


@pytest.mark.parametrize("key", KEYS)
def test_robots_feeds_and_sitemaps_are_where_the_gold_says(urls: dict[str, str], key: str) -> None:
    gold, base = load_gold(key), urls[key]
    status, robots = fetch(base + "/robots.txt")
    assert status == 200
    disallowed = [line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Disallow:")]
    assert disallowed == gold["robots_disallow"]
    declared = [line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Sitemap:")]
    assert declared == [base + path for path in gold["sitemaps"]]
    parser = RobotFileParser()
    parser.parse(robots.splitlines())
    for article in all_articles(gold):
        assert parser.can_fetch("unionnews", base + article["path"]), article["path"]
    union_urls = {base + a["path"] for a in gold["articles"]}
    for path in gold["feeds"]:
        status, feed = fetch(base + path)
        assert status == 200 and "<rss" in feed
        assert {html.unescape(link) for link in lxml.html.fromstring(feed.encode()).xpath("//guid/text()")} == union_urls
    for path in gold["sitemaps"]:
        status, sitemap = fetch(base + path)
        assert status == 200
        assert {base + a["path"] for a in all_articles(gold)} <= set(lxml.html.fromstring(sitemap.encode()).xpath("//loc/text()"))
    for conventional in ("/sitemap.xml", "/rss", "/feed", "/vi/news/rss/", "/rss/cong-doan.rss"):
        if conventional not in gold["feeds"] + gold["sitemaps"]:
            assert fetch(base + conventional)[0] == 404, conventional


def test_a_disallow_in_robots_covers_a_page_the_site_links(urls: dict[str, str]) -> None:
    """At least one site links its search page from every page and forbids it in robots.txt."""
    covered = []
    for key in KEYS:
        gold, base = load_gold(key), urls[key]
        search = next(p["path"] for p in gold["non_articles"] if p["kind"] == "search")
        parser = RobotFileParser()
        parser.parse(fetch(base + "/robots.txt")[1].splitlines())
        _, home = fetch(base + "/")
        if not parser.can_fetch("unionnews", base + search) and norm(search) in links(base, base + "/", home):
            covered.append(key)
    assert covered


def test_the_two_url_site_names_its_canonical_url(urls: dict[str, str]) -> None:
    with_alternates = [key for key in KEYS if any(a["alternates"] for a in load_gold(key)["articles"])]
    assert with_alternates
    for key in with_alternates:
        base = urls[key]
        for article in load_gold(key)["articles"]:
            assert article["alternates"], "every article of the two-URL site has a second URL"
            for path in (article["path"], *article["alternates"]):
                _, body = fetch(base + path)
                assert lxml.html.fromstring(body).xpath("//link[@rel='canonical']/@href") == [base + article["path"]]


def test_external_links_are_printed_but_live_elsewhere(urls: dict[str, str]) -> None:
    for key in KEYS:
        gold = load_gold(key)
        _, home = fetch(urls[key] + "/")
        hrefs = set(lxml.html.fromstring(home).xpath("//a/@href"))
        external = {h for h in hrefs if h.startswith("http") and not h.startswith(urls[key])}
        assert external, key
        assert all(not h.startswith("http://127.0.0.1") for h in external)
        assert set(gold["external_links"]) <= external | set(lxml.html.fromstring(home).xpath("//option/@value")), key
