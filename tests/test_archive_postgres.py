"""The `unionnews` command on a PostgreSQL archive: crawl, search and export by URL; one following indexer."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, base_url_args, run_cli
from test_archive_backends import joomla_pages, store_all

from archive.store import Archive
from search.embedded.engine import EmbeddedEngine
from search.query import SearchRequest


def test_crawl_search_and_export_on_postgres(pg_url: str, tmp_path: Path, demo_urls: dict[str, str]) -> None:
    crawl = run_cli("--db", pg_url, "crawl", "--site", "demo-table", *base_url_args({"demo-table": demo_urls["demo-table"]}),
                    home=tmp_path)  # fmt: skip
    assert "demo-table" in crawl.stdout
    hits = json.loads(run_cli("--db", pg_url, "search", "cong doan", "--json", home=tmp_path).stdout)
    assert hits and {hit["site"] for hit in hits} == {"demo-table"}
    env = {**os.environ, "UNIONNEWS_DB": pg_url, "UNIONNEWS_HOME": str(tmp_path)}  # the variable, not the flag
    export = subprocess.run([sys.executable, "-m", "unionnews", "export", "-o", "-"], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=120, check=True)  # fmt: skip
    records = [json.loads(line) for line in export.stdout.splitlines()]
    assert len(records) == 7 and {r["province"] for r in records} == {"Sơn La"}
    assert not (tmp_path / "archive.sqlite3").exists()  # nothing went to the default SQLite archive


def _follower(pg_url: str, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "unionnews", "--db", pg_url, "index", "--follow", "--interval", "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)  # fmt: skip


def test_one_indexer_follows_the_rows_workers_add(pg_url: str, tmp_path: Path) -> None:
    follower = _follower(pg_url, tmp_path)
    try:
        index = EmbeddedEngine(tmp_path / "index")
        deadline = time.monotonic() + 60
        while not (tmp_path / "index.lock.follow").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        archive = Archive(pg_url)  # a crawl worker elsewhere: it writes the archive, never the index
        store_all(archive, joomla_pages()[:3])
        archive.close()
        found = 0
        while time.monotonic() < deadline and found < 3:
            found = index.search(SearchRequest("công đoàn", facets=False)).total
            time.sleep(0.2)
        assert found == 3
        second = run_cli("--db", pg_url, "index", "--follow", home=tmp_path, check=False)
        assert second.returncode == 2 and "another indexer already follows the index" in second.stderr
        follower.send_signal(signal.SIGINT)
        out, err = follower.communicate(timeout=60)
        assert follower.returncode == 0, err
        assert out.splitlines()[-1].endswith("the index holds 3")  # one report per poll that found rows
        index.close()
    finally:
        if follower.poll() is None:
            follower.kill()
