"""A real crawl of every demo site over HTTP: every article arrives once, cleaned, and re-crawls are idempotent."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from conftest import base_url_args, run_cli

from archive.urls import canonical_url
from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES


def _squash(text: str) -> str:
    return " ".join(text.split())


def _articles(home: Path) -> dict[str, sqlite3.Row]:
    db = sqlite3.connect(home / "archive.sqlite3")
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT a.*, s.name AS site FROM articles a JOIN sites s ON s.id = a.site_id").fetchall()
    return {row["url"]: row for row in rows}


def test_every_demo_article_arrives_once_cleaned(
    crawled_home: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    stored = _articles(crawled_home)
    expected = {
        canonical_url(demo_urls[name] + SCHEMES[site.family].article(article)): (name, article)
        for name, site in demo_sites.items()
        for article in site.articles
    }
    assert set(stored) == set(expected)
    for url, (site_name, gold) in expected.items():
        row = stored[url]
        assert row["site"] == site_name
        assert row["title"] == gold.title, url
        assert _squash(row["body"]) == _squash(gold.body), url
        assert row["author"] == gold.author, url
        assert datetime.fromisoformat(row["published"]).replace(tzinfo=UTC) == gold.published, url
        assert json.loads(row["captions"]) == list(gold.captions), url


def test_second_crawl_adds_and_duplicates_nothing(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    first = run_cli("crawl", *base_url_args(demo_urls), home=tmp_path)
    second = run_cli("crawl", *base_url_args(demo_urls), home=tmp_path)
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 28
    assert db.execute("SELECT count(*) FROM raw_pages").fetchone()[0] == 28
    runs = db.execute("SELECT fetched, new, updated, unchanged, failed FROM crawl_runs ORDER BY id").fetchall()
    assert [r[1] for r in runs[:4]] == [7, 7, 7, 7] and sum(r[1] for r in runs[4:]) == 0
    assert all(r[2] == 0 and r[4] == 0 for r in runs)
    assert "demo-table" in first.stdout and "unchanged" in second.stdout
    assert first.stderr == "" == second.stderr  # a clean crawl prints its table and nothing else (no WARC: no warning)


def test_a_site_crawled_again_at_another_address_keeps_one_row_per_article(
    tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    """The same demo site through `--base-url` by IP, then by host name: its pages, served again at new
    addresses, are the articles already archived (one row each, under the first address)."""
    first = demo_urls["demo-table"]
    run_cli("crawl", "--base-url", f"demo-table={first}", home=tmp_path)
    run_cli("crawl", "--base-url", f"demo-table={first.replace('127.0.0.1', 'localhost')}", home=tmp_path)
    stored = _articles(tmp_path)
    scheme = SCHEMES[demo_sites["demo-table"].family]
    assert set(stored) == {canonical_url(first + scheme.article(a)) for a in demo_sites["demo-table"].articles}
