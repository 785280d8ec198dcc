"""The timeline of a search and its Atom feed, over HTTP against one real `unionnews serve` (tests/webapp.py).

The feed is read by feedparser, as a feed reader would, and must be Atom 1.0 without a parse error.
"""

from __future__ import annotations

import html
import re

import feedparser
from test_web_api import get, get_json
from webapp import WebServer


def test_search_page_links_its_atom_feed_and_the_feed_is_valid_atom(web_server: WebServer) -> None:
    body = get(web_server, "/search?q=cong+doan&site=demo-joomla")[2].decode()
    (href,) = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', body)
    href = html.unescape(href)
    assert href == "/search/atom?q=cong+doan&site=demo-joomla"
    status, headers, xml = get(web_server, href)
    assert status == 200 and headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "unionnews – «cong doan», site: demo-joomla"
    api = get_json(web_server, "/api/search?q=cong+doan&site=demo-joomla&sort=date&limit=50")
    assert [e.id for e in feed.entries] == [web_server.url + h["article"] for h in api["hits"]]  # newest first
    days = [e.published for e in feed.entries]
    assert days == sorted(days, reverse=True) and len(days) == api["total"]
    assert all(e.link.startswith("http://127.0.0.1:") and e.summary for e in feed.entries)
    assert get(web_server, "/search/atom")[0] == 400  # a feed of nothing is a bad request, not a crash


def test_search_page_has_a_no_script_timeline_whose_bars_narrow_the_dates(web_server: WebServer) -> None:
    raw = get(web_server, "/search?q=cong+doan")[2].decode()
    assert "<script" not in raw  # the chart is SVG and links (the hostile page's title stays escaped text)
    body = html.unescape(raw)
    bars = re.findall(r'<a href="(/search\?[^"]+)" data-period="(\d\d/\d{4})"><rect [^>]*data-count="(\d+)"', body)
    assert len(bars) >= 24  # 2019 to 2021, a bar a month, empty months included
    total = int(re.search(r"<strong>(\d+)</strong> kết quả", body)[1])
    assert sum(int(count) for _, _, count in bars) == total
    url, period, count = next(bar for bar in bars if bar[2] != "0")
    month, year = period.split("/")
    assert f"from={year}-{month}-01" in url and "q=cong+doan" in url
    narrowed = get_json(web_server, url.replace("/search?", "/api/search?"))
    assert narrowed["total"] == int(count)


def test_api_search_returns_the_histogram_only_when_asked(web_server: WebServer) -> None:
    plain = get_json(web_server, "/api/search?q=cong+doan")
    assert "histogram" not in plain
    yearly = get_json(web_server, "/api/search?q=cong+doan&histogram=year")
    assert {k: v for k, v in yearly.items() if k != "histogram"} == plain
    assert [p["period"] for p in yearly["histogram"]] == ["2019", "2020", "2021"]
    assert sum(p["count"] for p in yearly["histogram"]) == plain["total"]
    narrowed = get_json(web_server, yearly["histogram"][1]["search"].replace("/search?", "/api/search?"))
    assert narrowed["total"] == yearly["histogram"][1]["count"]
    assert get(web_server, "/api/search?q=cong+doan&histogram=week")[0] == 400
