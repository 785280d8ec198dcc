"""Shared fixtures: the demo sites served for real on 127.0.0.1, and the real `unionnews` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import db_url, pg_url, postgres  # noqa: F401  (archive tests on SQLite and PostgreSQL)
from probe_sites import closed_port, refusing  # noqa: F401  (sites that refuse a probe)
from variant_site import variant_site  # noqa: F401  (a slug-only site with print views, aliases, tracking)
from webapp import browser, web_home, web_server, xss_beacon  # noqa: F401  (the web app, served and in Chromium)

from unionnews.demo.content import DemoSite, load_sites
from unionnews.demo.server import DemoServer

REPO = Path(__file__).resolve().parent.parent


def run_cli(*args: str, home: Path, check: bool = True, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "unionnews", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"unionnews {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def base_url_args(urls: dict[str, str]) -> list[str]:
    return [arg for name, url in urls.items() for arg in ("--base-url", f"{name}={url}")]


@pytest.fixture(scope="session")
def demo_urls() -> Iterator[dict[str, str]]:
    with DemoServer(ports={name: 0 for name in load_sites()}) as urls:
        yield urls


@pytest.fixture(scope="session")
def demo_sites() -> dict[str, DemoSite]:
    return load_sites()


@pytest.fixture(scope="session")
def crawled_home(tmp_path_factory: pytest.TempPathFactory, demo_urls: dict[str, str]) -> Path:
    """An archive and index filled by one real crawl of every demo site (shared by read-only tests)."""
    home = tmp_path_factory.mktemp("crawled")
    run_cli("crawl", *base_url_args(demo_urls), home=home)
    return home
