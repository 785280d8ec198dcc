"""`unionnews ingest`: saved pages go through the same pipeline as a crawl; failures are kept, not lost."""

from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

from conftest import run_cli

from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES


def test_ingest_stores_indexes_and_is_idempotent(tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]) -> None:
    site = demo_sites["demo-html5"]
    files, urls = [], []
    for i, article in enumerate(site.articles[:3]):
        url = demo_urls["demo-html5"] + SCHEMES["html5"].article(article)
        path = tmp_path / f"{i}.html"
        path.write_bytes(urllib.request.urlopen(url).read())
        files.append(str(path))
        urls += ["--url", url]
    first = run_cli("ingest", *files, *urls, home=tmp_path)
    assert first.stdout.count("new") == 3
    second = run_cli("ingest", *files, *urls, home=tmp_path)
    assert second.stdout.count("unchanged") == 3
    hits = json.loads(run_cli("search", site.articles[0].title, "--json", home=tmp_path).stdout)
    assert hits[0]["title"] == site.articles[0].title


def test_page_without_article_is_recorded_with_its_error(tmp_path: Path) -> None:
    junk = tmp_path / "menu.html"
    junk.write_text("<html><head><title>Trang chủ</title></head><body><ul class='menu'><li>Tin tức</li></ul></body></html>")
    result = run_cli("ingest", str(junk), "--url", "http://example.org/menu", home=tmp_path, check=False)
    assert result.returncode == 1 and "not-article" in result.stdout
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    (error,) = db.execute("SELECT error FROM raw_pages WHERE url = 'http://example.org/menu'").fetchone()
    assert error and db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_home_and_listing_pages_are_kept_raw_with_their_reason_not_archived_as_articles(
    tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    pages = [(name, "/") for name in sorted(demo_urls)] + [("demo-joomla", SCHEMES["joomla"].listing(1))]
    files, urls = [], []
    for i, (name, path) in enumerate(pages):
        target = tmp_path / f"{i}.html"
        target.write_bytes(urllib.request.urlopen(demo_urls[name] + path).read())
        files.append(str(target))
        urls += ["--url", demo_urls[name] + path]
    result = run_cli("ingest", *files, *urls, home=tmp_path / "home", check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(files) and all(line.startswith("not-article") for line in lines), result.stdout
    table = demo_urls["demo-table"]
    assert all(": not an article: " in line for line in lines if table not in line), result.stdout
    assert result.stderr.startswith(f"unionnews: error: {len(files)} of {len(files)} pages yielded no article")
    db = sqlite3.connect(tmp_path / "home" / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM raw_pages WHERE error IS NOT NULL").fetchone()[0] == len(files)
