"""The web app under hostile requests: foreign Host headers, huge URLs, slow answers, HEAD everywhere.

A real `unionnews serve` on 127.0.0.1 over a small archive; the time budget is checked on the guard
itself around a deliberately slow app, so the test waits a fraction of a second, not the default budget.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from archive.models import RawPage
from archive.store import Archive, FetchedPage
from cleaner.article import CleanedArticle
from unionnews.web.guards import MAX_URL_BYTES, Guard
from unionnews.web.queries import PREVIEW_BYTES

REPO = Path(__file__).resolve().parent.parent
PARAGRAPH = "<p>Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên ở Pác Nặm.</p>\n"
BIG_PAGE = ("<html><head><title>Trang lớn</title></head><body>" + PARAGRAPH * (3 * PREVIEW_BYTES // len(PARAGRAPH.encode()))
            + "</body></html>").encode()  # fmt: skip


def fill(home: Path) -> None:
    """Article 1 has a page three times the preview; article 2's stored page is overwritten (unreadable)."""
    archive = Archive(f"sqlite:///{home / 'archive.sqlite3'}")
    site = archive.ensure_site("ldld-backan", "Bắc Kạn")
    for n, body in ((1, BIG_PAGE), (2, b"<html><body>hong</body></html>")):
        url = f"https://ldld.backan.example.vn/tin/{n}.html"
        article = CleanedArticle(url=url, title=f"Bàn giao nhà Mái ấm công đoàn số {n}", body=PARAGRAPH * 2)
        archive.store_page(site, FetchedPage(url, body), article)
    with archive.sessions.begin() as session:
        session.query(RawPage).filter(RawPage.url.endswith("/2.html")).update({RawPage.body: b"\x78\x9c garbage"})
    archive.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    home = tmp_path_factory.mktemp("hostile-web")
    fill(home)
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "unionnews", "serve", "--port", "0", "--allow-host", "archive.lan"],
                               env=env, cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], 120)
    first = process.stderr.readline() if ready else ""
    assert "serving" in first, first
    yield int(first.split(" at ")[1].split()[0].rstrip("/").rsplit(":", 1)[1]), home
    process.terminate()
    process.wait(timeout=30)


def request(port: int, method: str, path: str, host: str | None = None) -> tuple[int, bytes]:
    return exchange(port, method, path, host)[::2]


def exchange(port: int, method: str, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host} if host else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_a_foreign_host_header_is_refused(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = request(port, "GET", "/api/sites", host="rebind.attacker.example")
    assert status == 400 and b"--allow-host" in body
    assert request(port, "GET", "/api/sites", host=f"localhost:{port}")[0] == 200
    assert request(port, "GET", "/api/sites", host="archive.lan")[0] == 200


def test_a_url_over_the_limit_gets_414_not_a_reset(served: tuple[int, Path]) -> None:
    port, _ = served
    for size in (MAX_URL_BYTES + 1, 140_000):
        assert request(port, "GET", "/api/search?site=" + "a" * size)[0] == 414


def test_head_is_answered_everywhere(served: tuple[int, Path]) -> None:
    port, _ = served
    for path in ("/search", "/api/sites", "/openapi.json", "/docs", "/static/favicon.svg"):
        status, body = request(port, "HEAD", path)
        assert (status, body) == (200, b""), path


def test_a_request_past_its_time_budget_gets_503() -> None:
    async def slow(scope, receive, send) -> None:  # noqa: ANN001
        await asyncio.sleep(30)

    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/api/search", "query_string": "q=công".encode(),
             "headers": [(b"host", b"127.0.0.1:8000")]}  # fmt: skip
    # In a thread of its own: a browser test's session may hold an event loop open in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(Guard(slow, budget=0.2)(scope, receive, send), timeout=10)).result()
    assert sent[0]["status"] == 503 and b"0.2 s" in sent[1]["body"]


def test_a_large_raw_page_is_previewed_and_its_frame_streamed(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = request(port, "GET", "/articles/1/raw")
    assert status == 200 and len(body) < 2 * PREVIEW_BYTES and "toàn trang ở khung".encode() in body
    status, headers, page = exchange(port, "GET", "/articles/1/raw/page")
    assert status == 200 and headers.get("transfer-encoding") == "chunked" and page == BIG_PAGE


def test_an_unreadable_raw_page_is_said_so_not_a_500(served: tuple[int, Path]) -> None:
    port, _ = served
    status, body = request(port, "GET", "/articles/2/raw")
    assert status == 200 and b"the stored raw page is unreadable" in body
    status, body = request(port, "GET", "/api/articles/2/raw")
    assert status == 200 and "unreadable" in json.loads(body)["error"]
    assert request(port, "GET", "/articles/2/raw/page")[0] == 200
