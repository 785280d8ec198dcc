"""`index --rebuild` builds aside and swaps: searches never see an empty index, and a killed rebuild costs nothing.

A real archive file, the real `unionnews index --rebuild` in a subprocess, a real SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli

from cleaner.article import CleanedArticle
from search.embedded.engine import EmbeddedEngine
from search.query import SearchRequest
from tests.support.archives import indexed_home
from vnlang.dates import VIETNAM

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 200
BODY = ("Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên có hoàn cảnh khó khăn "
        "ở huyện Pác Nặm; các công đoàn cơ sở ký giao ước thi đua năm {n}. ") * 8  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = (
        CleanedArticle(url=f"https://ldld.backan.example.vn/tin/{n}.html", title=f"Bàn giao nhà Mái ấm công đoàn số {n}",
                       body=BODY.format(n=n), published=datetime(2021, 3, 2, 9, tzinfo=VIETNAM))
        for n in range(ARTICLES)
    )  # fmt: skip
    return indexed_home(tmp_path_factory.mktemp("rebuild"), "ldld-backan", "Bắc Kạn", articles)


def rebuild_process(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    return subprocess.Popen([sys.executable, "-m", "unionnews", "index", "--rebuild"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_searches_during_a_rebuild_answer_from_the_old_index(home: Path) -> None:
    engine = EmbeddedEngine(home / "index")  # one engine kept across searches, as the web app keeps it
    totals: list[int] = []
    done = threading.Event()

    def keep_searching() -> None:
        while not done.is_set():
            totals.append(engine.search(SearchRequest("mái ấm công đoàn", facets=False)).total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        process = rebuild_process(home)
        out, err = process.communicate(timeout=240)
    finally:
        done.set()
        searcher.join(timeout=60)
    assert process.returncode == 0, err
    assert totals and set(totals) == {ARTICLES}, f"{totals.count(0)} of {len(totals)} searches saw an empty index"
    assert engine.search(SearchRequest("mái ấm công đoàn")).total == ARTICLES
    assert not (home / "index.rebuild").exists() and not (home / "index.old").exists()


def test_a_rebuild_killed_by_sigkill_leaves_the_old_index_in_service(home: Path) -> None:
    process = rebuild_process(home)
    deadline = time.monotonic() + 120
    while not (home / "index.rebuild").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the rebuild ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert EmbeddedEngine(home / "index").search(SearchRequest("mái ấm công đoàn")).total == ARTICLES
    assert "indexed 0 articles" in run_cli("index", home=home).stdout  # the archive still knows what the index holds
