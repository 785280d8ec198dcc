"""`status`, `check [--repair]` and `reextract` on a real crawled archive and index."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli

from search.embedded.engine import EmbeddedEngine
from unionnews.indexing import remove


@pytest.fixture
def home(crawled_home: Path, tmp_path: Path) -> Path:
    """A private copy of the crawled demo archive and index, free to damage."""
    copy = tmp_path / "home"
    shutil.copytree(crawled_home, copy)
    return copy


def test_status_shows_each_sites_last_runs(home: Path) -> None:
    runs = json.loads(run_cli("status", "--json", home=home).stdout)
    assert sorted(r["site"] for r in runs) == ["demo-html5", "demo-joomla", "demo-portal", "demo-table"]
    assert all(r["status"] == "finished" and r["new"] == 7 and r["failed"] == 0 and r["finished"] for r in runs)
    text = run_cli("status", "--site", "demo-joomla", home=home).stdout
    assert "demo-joomla" in text and "demo-table" not in text and "new     7" in text


def test_check_reports_every_difference_and_repair_fixes_them(home: Path) -> None:
    index = EmbeddedEngine(home / "index")
    db = sqlite3.connect(home / "archive.sqlite3")
    ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id")]
    lost, gone, changed = ids[0], ids[1], ids[2]
    assert remove(index, [lost]) == 1  # the index lost a document the archive thinks it has
    db.execute("DELETE FROM articles WHERE id = ?", (gone,))  # deleted behind the index's back
    db.execute("UPDATE articles SET title = 'Tiêu đề mới', content_hash = 'changed' WHERE id = ?", (changed,))
    db.commit()

    found = run_cli("check", home=home, check=False)
    assert found.returncode == 1
    assert "1 missing from the index" in found.stdout and "1 in the index but no longer in the archive" in found.stdout
    assert "1 not indexed yet" in found.stdout

    repaired = run_cli("check", "--repair", home=home)
    assert "the index matches the archive" in repaired.stdout
    assert run_cli("check", home=home).returncode == 0
    hashes = index.hashes()
    assert gone not in hashes and lost in hashes and hashes[changed] == "changed" and len(hashes) == len(ids) - 1


def test_reextract_rebuilds_articles_and_index_from_stored_pages(home: Path) -> None:
    db = sqlite3.connect(home / "archive.sqlite3")
    article_id, title = db.execute(
        "SELECT a.id, a.title FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.name = 'demo-table' LIMIT 1"
    ).fetchone()
    # What an older, worse cleaner might have stored (and indexed): a garbled title and body.
    db.execute("UPDATE articles SET title = 'Trang chủ', body = 'Thống kê truy cập xyzzy', content_hash = 'old' "
               "WHERE id = ?", (article_id,))  # fmt: skip
    db.commit()
    run_cli("index", home=home)
    assert json.loads(run_cli("search", "xyzzy", "--json", home=home).stdout)

    result = run_cli("reextract", "--site", "demo-table", home=home)
    assert "re-extracted 7 pages: 0 new articles, 1 updated, 6 unchanged, 0 without an article; indexed 1" in result.stdout
    assert db.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone()[0] == title
    assert json.loads(run_cli("search", "xyzzy", "--json", home=home).stdout) == []
    hits = json.loads(run_cli("search", f'"{title}"', "--json", home=home).stdout)
    assert hits and hits[0]["id"] == article_id
    runs = db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]
    assert runs == 4  # no crawl happened
