"""Scrapyd: the project deployed as an egg to a real Scrapyd, two sites crawled at once into one PostgreSQL archive.

This is the many-machine set-up on one machine: Scrapyd (PyPI's scrapyd) listens on 127.0.0.1, the
project goes to it with scrapyd-client's `scrapyd-deploy`, each job gets the archive's URL as a
setting and leaves the index alone (UNIONNEWS_INDEX=0), and one `unionnews index` feeds the index
from the archive afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_cli
from sqlalchemy import func, select

from archive.models import Article, CrawlRun, Site
from archive.store import Archive
from tests.support.serving import free_port
from unionnews.demo.content import DemoSite

SITES = ("demo-table", "demo-html5")
_PROJECT_FILES = ("archive", "cleaner", "crawler", "search", "unionnews", "pyproject.toml", "README.md")


def _call(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=30) as response:
        answer = json.loads(response.read())
    assert answer.get("status") == "ok", answer
    return answer


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (directory / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\nmax_proc = 2\npoll_interval = 0.2\n"
        f"eggs_dir = {directory / 'eggs'}\nlogs_dir = {directory / 'logs'}\ndbs_dir = {directory / 'dbs'}\nitems_dir =\n"
    )
    log = (directory / "scrapyd.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=directory, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _call(base, "daemonstatus.json")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Scrapyd did not start: {(directory / 'scrapyd.log').read_text()[-2000:]}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _deploy(base: str, workdir: Path) -> None:
    """What an operator runs from a checkout: `scrapyd-deploy` builds the egg and uploads it."""
    project = workdir / "project"
    project.mkdir()
    for name in _PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, project / name)
    (project / "scrapy.cfg").write_text(
        f"[settings]\ndefault = crawler.settings\n\n[deploy]\nurl = {base}/\nproject = unionnews\n"
    )
    result = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--version", "r1"], cwd=project,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert '"status": "ok"' in result.stdout and '"spiders": 1' in result.stdout, result.stdout


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_two_sites_crawled_in_parallel_by_scrapyd_into_one_postgres_archive(
    scrapyd: str, pg_url: str, tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    _deploy(scrapyd, tmp_path)
    assert _call(scrapyd, "listspiders.json?project=unionnews")["spiders"] == ["news"]
    home = tmp_path / "worker-home"
    settings = [("setting", f"UNIONNEWS_DB={pg_url}"), ("setting", f"UNIONNEWS_HOME={home}"),
                ("setting", "UNIONNEWS_INDEX=0"), ("setting", "AUTOTHROTTLE_ENABLED=0")]  # fmt: skip
    jobs = {
        site: _call(scrapyd, "schedule.json", [("project", "unionnews"), ("spider", "news"), ("site", site),
                                               ("base_url", demo_urls[site]), *settings])["jobid"]
        for site in SITES
    }  # fmt: skip
    deadline = time.monotonic() + 240
    while True:
        listing = _call(scrapyd, "listjobs.json?project=unionnews")
        finished = {job["id"]: job for job in listing["finished"]}
        if set(jobs.values()) <= set(finished) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert set(jobs.values()) <= set(finished), listing
    spans = [(_when(finished[job]["start_time"]), _when(finished[job]["end_time"])) for job in jobs.values()]
    assert max(start for start, _ in spans) < min(end for _, end in spans), "the two crawls did not overlap"
    for site, job in jobs.items():
        with urllib.request.urlopen(f"{scrapyd}/logs/unionnews/news/{job}.log", timeout=30) as response:
            log = response.read().decode()
        assert "(finished)" in log and "Traceback" not in log, f"{site}: {log[-3000:]}"

    archive = Archive(pg_url)
    with archive.session() as session:
        per_site = dict(session.execute(select(Site.name, func.count(Article.id)).join(Article).group_by(Site.name)).all())
        urls = session.scalars(select(Article.url)).all()
        runs = session.execute(select(Site.name, CrawlRun.status).join(Site)).all()
    archive.close()
    assert per_site == {site: len(demo_sites[site].articles) for site in SITES}
    assert len(urls) == len(set(urls))
    assert sorted(runs) == [(site, "finished") for site in sorted(SITES)]
    assert not (home / "index").exists()  # the workers left the index to the indexer

    assert "indexed 14 articles" in run_cli("--db", pg_url, "index", home=home).stdout
    hits = json.loads(run_cli("--db", pg_url, "search", "công đoàn", "--json", "--limit", "50", home=home).stdout)
    assert {hit["site"] for hit in hits} == set(SITES)
