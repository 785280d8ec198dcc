"""Kill a crawl with SIGKILL at random points; `unionnews crawl --resume` must end exactly where an
uninterrupted crawl ends: the same articles, none lost, none twice, none fetched again needlessly.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from search.embedded.engine import EmbeddedEngine
from tests.support.bigsite import BigSite, install_profile, serve_big_site

ARTICLES = 40
SETTINGS = ["-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]


@pytest.fixture(scope="module")
def big_site() -> Iterator[tuple[str, BigSite]]:
    site = BigSite(ARTICLES, delay=0.05)  # slow enough that a kill lands mid-crawl, however fast the cleaning
    with serve_big_site(site) as url:
        yield url, site


def _crawl(home: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    install_profile(home)
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    command = [sys.executable, "-m", "unionnews", "crawl", "--site", "demo-big", "--base-url", f"demo-big={url}"]
    return subprocess.Popen([*command, *SETTINGS, *extra], env=env, cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _finish(process: subprocess.Popen[str]) -> None:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, f"exit {process.returncode}\n{out}\n{err}"


def _articles(home: Path) -> dict[str, tuple[str, str]]:
    db = sqlite3.connect(home / "archive.sqlite3")
    try:
        return {url: (title, digest) for url, title, digest in db.execute("SELECT url, title, content_hash FROM articles")}
    finally:
        db.close()


def _stored(home: Path) -> set[str]:
    if not (home / "archive.sqlite3").exists():
        return set()
    try:
        return set(_articles(home))
    except sqlite3.OperationalError:  # the crawler is creating the tables right now
        return set()


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory, big_site: tuple[str, BigSite]) -> dict:
    url, _ = big_site
    home = tmp_path_factory.mktemp("whole")
    _finish(_crawl(home, url))
    return _articles(home)


@pytest.mark.parametrize("point", range(3))
def test_killed_crawl_resumes_to_exactly_the_uninterrupted_result(
    point: int, tmp_path: Path, big_site: tuple[str, BigSite], uninterrupted: dict
) -> None:
    url, site = big_site
    whole = uninterrupted
    assert len(whole) == ARTICLES
    # kill once this many articles are stored, give or take: a few more arrive while the kill is on its way
    target = random.randint(1, ARTICLES - 10)
    process = _crawl(tmp_path, url)
    while len(_stored(tmp_path)) < target and process.poll() is None:
        time.sleep(0.01)
    time.sleep(random.uniform(0, 0.05))  # anywhere in the work on the next pages
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    time.sleep(0.1)  # let the server finish counting what the dead crawler had asked for
    hits_at_kill = site.hits["article"]
    stored_before = _stored(tmp_path)
    where = f"killed aiming at {target}, with {len(stored_before)} of {ARTICLES} articles stored"
    assert 0 < len(stored_before) < ARTICLES, f"not a mid-crawl kill: {where}"

    status = subprocess.run([sys.executable, "-m", "unionnews", "--data-dir", str(tmp_path), "status", "--json"],
                            capture_output=True, text=True, cwd=REPO, check=True)  # fmt: skip
    [killed] = json.loads(status.stdout)
    assert killed["status"] == "interrupted" and killed["pending"] > 0, killed  # and status says so

    resumed = _crawl(tmp_path, url, "--resume")
    _finish(resumed)

    assert _articles(tmp_path) == whole, where  # same URLs, titles and cleaned content
    # Each page not stored at the kill is fetched once more (those in flight too); no stored page again.
    assert site.hits["article"] - hits_at_kill == ARTICLES - len(stored_before), where
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    runs = db.execute("SELECT status, resumes, fetched, new, failed FROM crawl_runs").fetchall()
    assert runs == [("finished", 1, ARTICLES, ARTICLES, 0)], where  # one run, counted once across the kill
    assert db.execute("SELECT count(*) FROM crawl_requests").fetchone()[0] == 0  # its ledger is done with
    assert db.execute("SELECT count(*) FROM raw_pages").fetchone()[0] == ARTICLES
    index = EmbeddedEngine(tmp_path / "index")
    ids = dict(db.execute("SELECT id, content_hash FROM articles"))
    assert index.hashes() == ids and index.count() == ARTICLES, where  # none twice in the index
