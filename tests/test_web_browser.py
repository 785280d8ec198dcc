"""The web app in a real headless Chromium, as a researcher uses it, and a hostile page that must stay inert.

One browser and one `unionnews serve` for the whole session (tests/webapp.py). The search page's
screenshot is written to test-artifacts/search.png.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from webapp import REPO, Beacon, WebServer

from archive.export import load_schema

ARTIFACTS = REPO / "test-artifacts"


def api(server: WebServer, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    yield context.new_page()
    context.close()


def test_search_facet_dates_article_and_download(page: Any, web_server: WebServer, tmp_path: Path) -> None:
    page.goto(web_server.url + "/search")
    page.fill("input[name=q]", "cong doan")  # no diacritics, as researchers often type
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=cong\+doan"))
    titles = page.locator(".hit h3 a").all_inner_texts()
    assert len(titles) == 20 and any("công đoàn" in t.lower() for t in titles)
    assert page.locator(".snippet mark").count() >= 20
    assert page.locator(".facet[data-facet=site] li").count() >= 4
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    page.locator(".facet[data-facet=site] a", has_text="demo-table").click()
    page.wait_for_url(re.compile(r"site=demo-table"))
    assert set(page.locator(".hit .meta a[href^='/sites/']").all_inner_texts()) == {"demo-table"}
    assert "demo-table" in page.locator(".active-filters").inner_text()

    page.fill("input[name=from]", "01/01/2020")  # as Vietnamese readers write dates
    page.fill("input[name=to]", "31/12/2020")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"from=01%2F01%2F2020.*to=31%2F12%2F2020"))
    assert page.locator("input[name=from]").input_value() == "01/01/2020"
    assert "site=demo-table" in page.url  # the facet survives the form
    stamps = page.locator(".hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    shown = page.locator(".hit time").all_inner_texts()
    assert stamps and all(s.startswith("2020-") for s in stamps)
    assert all(re.fullmatch(r"\d\d/\d\d/2020 \d\d:\d\d", s) for s in shown), shown
    total = int(page.locator(".summary strong").inner_text())
    assert total == len(stamps)

    first = page.locator(".hit h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".article .body p").count() >= 2
    assert re.fullmatch(r"\d\d/\d\d/2020 \d\d:\d\d", page.locator("dl.metadata time").inner_text())
    page.go_back()

    with page.expect_download() as info:
        page.locator(".downloads a", has_text="JSONL").click()
    download = info.value
    assert download.suggested_filename.endswith(".jsonl")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    records = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    expected = api(web_server, "/api/search?q=cong+doan&site=demo-table&from=2020-01-01&to=2020-12-31&limit=100")
    assert [r["id"] for r in records] == [h["id"] for h in expected["hits"]] and len(records) == total
    for record in records:
        jsonschema.validate(record, load_schema())
        assert record["site"] == "demo-table" and record["published"].startswith("2020-")


def test_author_facet_click_shows_that_authors_articles(page: Any, web_server: WebServer) -> None:
    page.goto(web_server.url + "/search?q=cong+doan")
    link = page.locator(".facet[data-facet=author] li", has_text="Đỗ Thị Gấm")
    shown = int(link.locator(".count").inner_text())
    link.locator("a").click()
    page.wait_for_url(re.compile(r"author_name=%C4%90%E1%BB%97\+Th%E1%BB%8B\+G%E1%BA%A5m"))
    metas = page.locator(".hit .meta").all_inner_texts()
    assert shown == 2 and int(page.locator(".summary strong").inner_text()) == len(metas) == shown
    assert all(meta.split(" · ")[2].strip() == "Đỗ Thị Gấm" for meta in metas), metas
    assert "Đỗ Thị Gấm" in page.locator(".active-filters").inner_text()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-policy", "escaping-alone"])
def test_hostile_page_renders_inert(browser: Any, web_server: WebServer, xss_beacon: Beacon, bypass_csp: bool) -> None:
    """Script and event-handler payloads in title, body and captions run nowhere.

    Run twice: as served, and with the Content-Security-Policy switched off in the browser, so that the
    escaping (and the raw page's sandboxed frame) is shown to hold on its own, not only behind the policy.
    """
    xss_id = api(web_server, "/api/sites/xss.example")["latest"][0]["id"]
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visits = {
        "search": "/search?q=cong+doan+tong+ket&site=xss.example",
        "article": f"/articles/{xss_id}",
        "raw": f"/articles/{xss_id}/raw",
        "site": "/sites/xss.example",
    }
    try:
        for name, path in visits.items():
            page.goto(web_server.url + path, wait_until="load")
            page.wait_for_timeout(300)  # let failing images fire their (escaped) handlers, were there any
            assert page.evaluate("window.__xss") is None, name
            assert page.locator("script").count() == 0, name
            assert page.locator("[onerror], [onload], [onmouseover]").count() == 0, name
            if name == "article":
                assert "<script>window.top.__xss=1" in page.locator("h1").inner_text()
                assert "<img src=x onerror=" in page.locator(".captions li").first.inner_text()
                assert "<script>window.top.__xss=5" in page.locator(".article .body").inner_text()
            if name == "search":
                assert "<script>window.top.__xss=1" in page.locator(".hit h3 a").first.inner_text()
            if name == "raw":
                frame = page.locator("iframe")
                assert frame.get_attribute("sandbox") == ""
                assert "<script>" in (page.locator("pre.source").text_content() or "")
                shown = page.frame_locator("iframe").locator("h1").inner_text()  # the page did load, inert
                assert shown.startswith("<script>window.top.__xss=1")
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert dialogs == []
    assert xss_beacon.heard == [], f"a payload ran: {xss_beacon.heard}"


def test_api_docs_render_their_operations_offline_under_a_policy(page: Any, web_server: WebServer) -> None:
    """The machine has no network: Swagger UI comes from the package, and the page policy lets only it run."""
    requested: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    response = page.goto(web_server.url + "/docs")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy and "http" not in policy
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    shown = page.locator("body").inner_text()
    assert "/api/search" in shown and "/api/articles/{article_id}" in shown
    outside = [url for url in requested if not url.startswith((web_server.url, "data:", "blob:"))]
    assert outside == [] and blocked == []


def test_head_requests_are_answered_like_get(web_server: WebServer) -> None:
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(web_server.url)
    for path in ("/search?q=cong+doan", "/docs", "/openapi.json", "/api/sites", "/static/style.css", "/"):
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
        connection.request("GET", path)
        got = connection.getresponse()
        got.read()
        connection.request("HEAD", path)
        head = connection.getresponse()
        assert head.status == got.status and head.status in (200, 302, 303, 307), (path, head.status)
        assert head.read() == b"" and head.getheader("content-type") == got.getheader("content-type"), path
        connection.close()


def test_a_phone_sized_window_keeps_the_button_in_its_card_and_reaches_the_facets_first(
    browser: Any, web_server: WebServer
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    page.goto(web_server.url + "/search?q=cong+doan")
    card, button = page.locator("form.search").bounding_box(), page.locator("form.search button").bounding_box()
    assert card["x"] <= button["x"] and button["x"] + button["width"] <= card["x"] + card["width"], (card, button)
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)
                            .map(e => e.tagName + '.' + e.className)""")  # fmt: skip
    assert wide == [], wide  # nothing wider than the screen
    first_hit = page.locator(".hit").first.bounding_box()
    to_facets = page.locator("a[href='#facets']")
    assert to_facets.is_visible() and to_facets.bounding_box()["y"] < first_hit["y"]
    to_facets.click()
    facets = page.locator("#facets")
    assert facets.bounding_box()["y"] <= 1 and page.locator(".facet[data-facet=site]").is_visible()
    icon = page.locator("link[rel=icon]").get_attribute("href")
    for path in (icon, "/favicon.ico"):
        response = page.request.get(web_server.url + path)
        assert response.ok and response.headers["content-type"].startswith("image/"), path
    assert missing == []
    context.close()
