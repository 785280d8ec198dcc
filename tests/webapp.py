"""Fixtures of the web app tests: one archive, one real `unionnews serve`, one headless Chromium per session.

The archive is the crawled demo archive plus one hostile page ingested through `unionnews ingest`,
whose title, body and captions carry script and event-handler payloads that call a beacon listener,
so a payload that runs anywhere (page or frame) is heard.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.serving import QuietHandler, serving

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--lang=vi-VN",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
XSS_URL = "http://xss.example/tin-tuc/bai-xss.html"


@dataclass
class Beacon:
    url: str
    heard: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def xss_beacon() -> Iterator[Beacon]:
    """Records every request: a payload that ran has called it."""
    heard: list[str] = []

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            heard.append(self.path)
            self.reply(204, b"")

    with serving(Handler, name="beacon") as url:
        yield Beacon(f"{url}/ran", heard)


@pytest.fixture(scope="session")
def web_home(tmp_path_factory: pytest.TempPathFactory, crawled_home: Path, xss_beacon: Beacon) -> Path:
    from conftest import run_cli

    home = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(crawled_home, home)
    page = tmp_path_factory.mktemp("xss") / "xss.html"
    template = (REPO / "tests" / "data" / "web" / "xss.html").read_text(encoding="utf-8")
    page.write_text(template.replace("BEACON", xss_beacon.url), encoding="utf-8")
    run_cli("ingest", str(page), "--url", XSS_URL, home=home)
    return home


@dataclass
class WebServer:
    url: str
    log: list[str]


@pytest.fixture(scope="session")
def web_server(web_home: Path) -> Iterator[WebServer]:
    """`unionnews serve --port 0` as a user starts it; fails the session if the app ever logged a traceback."""
    env = {**os.environ, "UNIONNEWS_HOME": str(web_home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "unionnews", "serve", "--port", "0"], env=env, cwd=REPO,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], 120)
    first = process.stderr.readline() if ready else ""
    if "serving" not in first:
        process.kill()
        raise AssertionError(f"unionnews serve did not start: {first}{process.stderr.read()}")
    url = first.split(" at ")[1].split()[0].rstrip("/")
    log: list[str] = [first]
    reader = threading.Thread(target=lambda: log.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    yield WebServer(url, log)
    process.terminate()
    process.wait(timeout=30)
    reader.join(timeout=5)
    assert not any("Traceback" in line for line in log), "the web app logged an error:\n" + "".join(log)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (which starts it with a fresh temporary --user-data-dir)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/deps/chromium.sh (make test runs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
