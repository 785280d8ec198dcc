"""`scrapy list` and `scrapy crawl` keep working from the repository root, into the same archive."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _scrapy(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "scrapy", *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def test_scrapy_list(tmp_path: Path) -> None:
    result = _scrapy("list", home=tmp_path)
    assert result.returncode == 0 and result.stdout.split() == ["news"]


def test_scrapy_crawl_fills_the_archive(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    result = _scrapy("crawl", "news", "-a", "site=demo-table", "-a", f"base_url={demo_urls['demo-table']}", home=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 7
    assert (tmp_path / "index").is_dir()
    assert "'robotstxt/request_count': 1" in result.stderr  # robots.txt was fetched before crawling


def test_scrapy_crawl_reads_the_profiles_of_the_home_its_settings_name(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    """A profile that exists only in `-s UNIONNEWS_HOME=…`'s sites/ (the environment names another home)."""
    from dataclasses import replace

    from crawler.sites import load_profiles, profiles_dir, save_profile

    home = tmp_path / "home"
    mine = replace(load_profiles().get("demo-table"), name="ldld-sonla-ban-sao", level="province")
    save_profile(mine.rebased(demo_urls["demo-table"]), profiles_dir(home))
    result = _scrapy("crawl", "news", "-a", "site=ldld-sonla-ban-sao", "-s", f"UNIONNEWS_HOME={home}",
                     "-s", "DOWNLOAD_DELAY=0", home=tmp_path / "elsewhere")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    db = sqlite3.connect(home / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles JOIN sites ON sites.id = articles.site_id "
                      "WHERE sites.name = 'ldld-sonla-ban-sao'").fetchone()[0] == 7  # fmt: skip
    assert not (tmp_path / "elsewhere" / "sites").exists()
