"""`--json` on the commands a script drives: the same facts as the text output, under the keys the README lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from archive.migrations import HEAD


@pytest.fixture
def home(crawled_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(crawled_home, copy)
    return copy


def _json(*args: str, home: Path, code: int = 0) -> object:
    result = run_cli(*args, "--json", home=home, check=False)
    assert result.returncode == code, result.stderr
    return json.loads(result.stdout)


def test_sites_json_lists_every_profile(tmp_path: Path) -> None:
    sites = _json("sites", home=tmp_path)
    assert isinstance(sites, list)
    assert sites and all({"name", "province"} <= set(site) for site in sites)


def test_crawl_json_is_the_run_report(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    runs = _json("crawl", "--site", "demo-table", "--base-url", f"demo-table={demo_urls['demo-table']}",
                 "-s", "AUTOTHROTTLE_ENABLED=0", home=tmp_path)  # fmt: skip
    assert isinstance(runs, list) and len(runs) == 1
    (run,) = runs
    assert run["site"] == "demo-table" and run["status"] == "finished" and run["new"] == 7 and run["failed"] == 0
    assert run["started"].endswith("+07:00") and run["reasons"] == {}
    (status,) = _json("status", home=tmp_path)
    assert run == {key: status[key] for key in run}  # the record `status --json` gives, less the site's notes


def test_check_json_states_the_differences_and_the_repair(home: Path) -> None:
    clean = _json("check", home=home)
    assert clean == {"archive": 28, "index": 28, "matches": True, "not_indexed": [], "lost": [], "orphans": [],
                     "repaired": None}  # fmt: skip
    from archive.config import load_config
    from unionnews.indexing import open_engine, remove

    remove(open_engine(load_config(home)), [1])
    found = _json("check", home=home, code=1)
    assert found["matches"] is False and found["lost"] == [1] and found["repaired"] is None
    repaired = _json("check", "--repair", home=home)
    assert repaired["lost"] == [1] and repaired["repaired"] == {"removed": 0, "indexed": 1} and repaired["matches"]


def test_ingest_and_reextract_json(home: Path, tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><head><title>Trang chủ</title></head><body><ul><li>Tin tức</li></ul></body></html>")
    ingested = _json("ingest", str(page), "--url", "http://example.org/menu", home=home, code=1)
    assert ingested == [{"file": str(page), "url": "http://example.org/menu", "outcome": "not-article",
                         "reason": ingested[0]["reason"]}] and ingested[0]["reason"]  # fmt: skip
    again = _json("reextract", "--site", "demo-table", home=home)
    assert again == {"pages": 7, "new": 0, "updated": 0, "unchanged": 7, "failed": 0, "not_article": 0, "indexed": 0}


def test_db_current_json(home: Path) -> None:
    assert _json("db", "current", home=home) == {"revision": HEAD, "head": HEAD, "current": True}
