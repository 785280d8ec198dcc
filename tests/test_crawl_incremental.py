"""Incremental crawls of a site that grows: only new articles are fetched, the listing walk stops
early, --depth 0 walks it all, --refresh asks conditionally and the site answers 304; plus the site
lock and the progress line of an interactive run.
"""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_cli

from crawler.lock import SiteLock
from tests.support.bigsite import PAGE_SIZE, BigSite, install_profile, serve_big_site

ARTICLES = 120  # six listing pages
SETTINGS = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, BigSite]]:
    site = BigSite(ARTICLES)
    with serve_big_site(site) as url:
        yield url, site


@pytest.fixture(scope="module")
def crawled(served: tuple[str, BigSite], tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("incremental")
    _crawl(home, served[0])
    return home


def _crawl(home: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    install_profile(home)
    return run_cli("crawl", "--site", "demo-big", "--base-url", f"demo-big={url}", *SETTINGS, *extra, home=home)


def _last_run(home: Path) -> sqlite3.Row:
    db = sqlite3.connect(home / "archive.sqlite3")
    db.row_factory = sqlite3.Row
    return db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()


def test_new_articles_only_and_an_early_stop(crawled: Path, served: tuple[str, BigSite]) -> None:
    url, site = served
    assert _last_run(crawled)["new"] == ARTICLES
    published = site.publish(5)
    before = dict(site.hits)
    _crawl(crawled, url)
    run = _last_run(crawled)
    assert (run["fetched"], run["new"], run["failed"]) == (5, 5, 0)
    assert site.hits["article"] - before["article"] == 5  # no known article page was asked for
    read = site.hits["listing"] - before["listing"]
    pages = -(-(ARTICLES + 5) // PAGE_SIZE)
    assert read < pages, "the walk should stop after two listing pages with nothing new"
    db = sqlite3.connect(crawled / "archive.sqlite3")
    stored = {row[0] for row in db.execute("SELECT url FROM articles")}
    assert {url + a.path for a in published} <= stored and len(stored) == ARTICLES + 5

    before = dict(site.hits)
    _crawl(crawled, url, "--depth", "0")  # walk every listing page, still fetch nothing known
    assert site.hits["listing"] - before["listing"] == pages
    assert site.hits["article"] == before["article"] and _last_run(crawled)["fetched"] == 0


def test_refresh_asks_conditionally_and_keeps_what_is_unchanged(crawled: Path, served: tuple[str, BigSite]) -> None:
    url, site = served
    db = sqlite3.connect(crawled / "archive.sqlite3")
    stored = db.execute("SELECT count(*) FROM raw_pages").fetchone()[0]
    before = dict(site.hits)
    _crawl(crawled, url, "--refresh")
    run = _last_run(crawled)
    assert run["mode"] == "refresh"
    assert site.hits["not-modified"] - before.get("not-modified", 0) == stored  # every page, by its ETag
    assert site.hits["article"] == before["article"]  # none sent again in full
    assert (run["not_modified"], run["fetched"], run["updated"], run["failed"]) == (stored, 0, 0, 0)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == stored


def test_a_site_being_crawled_is_left_alone(tmp_path: Path, served: tuple[str, BigSite],
                                           demo_urls: dict[str, str]) -> None:  # fmt: skip
    site = ["--site", "demo-big", "--base-url", f"demo-big={served[0]}"]
    table = ["--site", "demo-table", "--base-url", f"demo-table={demo_urls['demo-table']}", *SETTINGS]
    install_profile(tmp_path)
    with SiteLock(tmp_path, "demo-big"):  # as if a crawl of it were running
        alone = run_cli("crawl", *site, home=tmp_path, check=False)
        both = run_cli("crawl", *site, *table, home=tmp_path, check=False)
    assert alone.returncode == 2
    assert alone.stderr.strip() == "unionnews: error: demo-big is being crawled by another process; try again when it is done"
    assert both.returncode == 0  # the other site is crawled; the busy one is reported and skipped
    assert "demo-big        busy" in both.stdout and "being crawled by another process" in both.stdout
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert db.execute("SELECT s.name, r.new FROM crawl_runs r JOIN sites s ON s.id = r.site_id").fetchall() == [
        ("demo-table", 7)
    ]


def test_progress_line_on_a_terminal_only(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "UNIONNEWS_HOME": str(tmp_path), "COLUMNS": "200"}
    command = [sys.executable, "-m", "unionnews", "crawl", "--site", "demo-joomla", "--base-url",
               f"demo-joomla={demo_urls['demo-joomla']}", "-s", "AUTOTHROTTLE_ENABLED=0"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower, cwd=REPO, env=env, text=True)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the crawl closed the terminal
            break
        if not chunk:
            break
        terminal += chunk
    out, _ = process.communicate(timeout=120)
    os.close(leader)
    assert process.returncode == 0
    assert b"pages/s" in terminal and b"/1 sites" in terminal  # the live line, redrawn on the terminal
    assert "pages/s" not in out and "demo-joomla" in out  # the report itself goes to stdout
    runs = json.loads(run_cli("status", "--json", home=tmp_path).stdout)
    assert runs[0]["new"] == 7


def _crawler_with(stats: dict[str, int | str]) -> Any:
    from scrapy.utils.test import get_crawler

    crawler = get_crawler()
    for key, value in stats.items():
        crawler.stats.set_value(key, value)
    return crawler


def test_progress_bar_is_empty_before_any_page_and_full_only_when_done() -> None:
    from unionnews.progress import Progress

    starting = Progress([_crawler_with({"scheduler/enqueued": 1, "scheduler/dequeued": 1})]).line(200)
    assert starting.startswith("[" + "." * 20 + "] 0/1 sites"), starting
    halfway = _crawler_with({"scheduler/enqueued": 10, "scheduler/dequeued": 8, "response_received_count": 5})
    assert Progress([halfway]).line(200).startswith("[" + "#" * 10 + "." * 10 + "] 0/1 sites")
    done = _crawler_with({"scheduler/enqueued": 10, "scheduler/dequeued": 10, "finish_reason": "finished"})
    assert Progress([done, halfway]).line(200).startswith("[" + "#" * 15 + "." * 5 + "] 1/2 sites")


def test_progress_line_drops_whole_parts_to_fit_a_narrow_terminal() -> None:
    from unionnews.progress import Progress

    crawler = _crawler_with({"scheduler/enqueued": 40, "scheduler/dequeued": 12, "unionnews/fetched": 11})
    full = Progress([crawler]).line(500)
    parts = full.split(" · ")
    assert len(parts) == 4 and parts[2] == "28 queued"
    for columns in (40, 60, 80, 100):
        shown = Progress([crawler]).line(columns)
        assert len(shown) <= columns and shown.split(" · ") == parts[: len(shown.split(" · "))], shown
