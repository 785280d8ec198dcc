"""Entity pages, the search timeline and the search feed in a real headless Chromium (tests/webapp.py)."""

from __future__ import annotations

import re
from typing import Any

import feedparser
from test_web_browser import page  # noqa: F401 (the fixture: one browser context per test)
from webapp import WebServer


def test_person_page_from_an_article_then_back_to_a_cited_article(page: Any, web_server: WebServer) -> None:  # noqa: F811
    page.goto(web_server.url + "/search?person=be+thi+hoa&sort=date")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    page.locator(".entities a.entity-person", has_text="Bế Thị Hòa").click()
    page.wait_for_url(re.compile(r"/people/B%E1%BA%BF%20Th%E1%BB%8B%20H%C3%B2a$"))
    assert page.locator("h1").inner_text() == "Bế Thị Hòa"
    ended = page.locator(".timeline li.post.ended")
    assert ended.count() == 1
    text = ended.inner_text()
    assert "Phó Chủ tịch Thường trực" in text and "31/12/2019 – 28/07/2020" in text and "17/05/2021" in text
    assert page.locator(".chart svg rect").count() >= 1
    cited = ended.locator(".evidence a").last
    title = cited.inner_text()
    cited.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator("h1").inner_text() == title and "nguyên Phó Chủ tịch" in page.locator(".article .body").inner_text()


def test_search_timeline_bar_narrows_the_dates_and_the_feed_is_atom(page: Any, web_server: WebServer) -> None:  # noqa: F811
    page.goto(web_server.url + "/search?q=cong+doan")
    bars = page.locator(".search-timeline svg a")
    assert bars.count() >= 24
    bar = page.locator(".search-timeline svg a:has(rect:not(.none))").first
    period = bar.get_attribute("data-period")
    count = int(bar.locator("rect").get_attribute("data-count"))
    bar.click()
    month, year = period.split("/")
    page.wait_for_url(re.compile(rf"from={year}-{month}-01.*to={year}-{month}-\d\d"))
    assert page.locator("input[name=from]").input_value() == f"01/{month}/{year}"
    assert int(page.locator(".summary strong").inner_text()) == count == page.locator(".hit").count()

    href = page.locator('link[rel=alternate][type="application/atom+xml"]').get_attribute("href")
    assert href.startswith("/search/atom?q=cong+doan&from=")
    response = page.request.get(web_server.url + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10" and len(feed.entries) == count
    assert page.locator("a.atom").get_attribute("href") == href  # the visible link is the same feed
