"""Broken and missing files: each is named in one line with the command that repairs it, and nothing is lost.

Real archive files and index directories, damaged the way disks and operators damage them: cut short,
overwritten, emptied, deleted, or named wrongly.
"""

from __future__ import annotations

import http.client
import json
import os
import select
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli

from archive.store import Archive
from cleaner.article import CleanedArticle
from search.embedded.engine import EmbeddedEngine
from tests.support.archives import indexed_home
from vnlang.dates import VIETNAM

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 12


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    articles = (
        CleanedArticle(url=f"https://ldld.langson.example.vn/tin/{n}.html", title=f"Ký kết giao ước thi đua số {n}",
                       body=f"Công đoàn ngành Giáo dục tỉnh Lạng Sơn ký giao ước thi đua năm {2000 + n}, chăm lo đoàn viên.",
                       published=datetime(2021, 3, 2, 9, tzinfo=VIETNAM))
        for n in range(ARTICLES)
    )  # fmt: skip
    return indexed_home(tmp_path_factory.mktemp("pristine"), "ldld-langson", "Lạng Sơn", articles)


@pytest.fixture()
def home(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine, tmp_path / "home")
    return tmp_path / "home"


def segment(home: Path) -> Path:
    return next((home / "index").glob("*.seg"))


def one_line_error(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout[-300:], result.stderr[-800:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unionnews: error:"), result.stderr[-800:]
    assert all(text in lines[0] for text in expected), lines[0]
    return lines[0]


def cut(path: Path, size: int) -> None:
    os.truncate(path, size)


def overwrite_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"\xff" * 100)


@pytest.mark.parametrize("damage", [lambda p: cut(p, 0), lambda p: cut(p, p.stat().st_size // 3), overwrite_header],
                         ids=["empty", "truncated", "garbage-header"])  # fmt: skip
def test_a_damaged_archive_is_named_and_check_repair_keeps_the_index(home: Path, damage) -> None:
    damage(home / "archive.sqlite3")
    damaged = (home / "archive.sqlite3").read_bytes()
    for command in (("check", "--repair"),):
        one_line_error(run_cli(*command, home=home, check=False), "archive", "damaged", "restore")
    assert EmbeddedEngine(home / "index").count() == ARTICLES
    assert (home / "archive.sqlite3").read_bytes() == damaged  # not taken for a new archive, nor written over


def test_check_repair_refuses_to_empty_the_index_for_an_empty_archive(home: Path, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"  # a mistyped --db: a valid archive, but another (empty) one
    Archive(other).close()
    one_line_error(run_cli("--db", other, "check", "--repair", home=home, check=False), "refusing", "--rebuild")
    assert EmbeddedEngine(home / "index").count() == ARTICLES


@pytest.mark.parametrize(("damage", "commands"),
                         [(lambda h: cut(segment(h), segment(h).stat().st_size // 2), [("search", "giao ước"), ("index",)]),
                          (lambda h: cut(next((h / "index").glob("*.toc")), 200), [("check", "--repair")])],
                         ids=["truncated-segment", "bad-toc"])  # fmt: skip
def test_a_damaged_index_is_named_with_the_rebuild_command(home: Path, damage, commands) -> None:
    damage(home)
    for command in commands:
        one_line_error(run_cli(*command, home=home, check=False), "index", "damaged", "unionnews index --rebuild")


def test_missing_things_are_errors_not_empty_results(home: Path, tmp_path: Path) -> None:
    typo = tmp_path / "hom"
    one_line_error(run_cli("--data-dir", str(typo), "search", "giao ước", home=home, check=False), "no search index")
    one_line_error(run_cli("--data-dir", str(typo), "check", "--repair", home=home, check=False), "no archive at")
    assert not typo.exists()  # no empty archive made where the typo points
    file_home = tmp_path / "a-file"
    file_home.write_text("")
    one_line_error(run_cli("search", "giao ước", home=file_home, check=False), "is a file")
    one_line_error(run_cli("--db", "bogus://x", "search", "giao ước", home=home, check=False), "bogus")
    shutil.rmtree(home / "index")
    one_line_error(run_cli("search", "giao ước", home=home, check=False), "no search index", "unionnews index")


def test_serve_answers_503_for_a_broken_index_and_recovers_after_a_rebuild(home: Path) -> None:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "unionnews", "serve", "--port", "0"], env=env, cwd=REPO,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert process.stderr is not None
        ready, _, _ = select.select([process.stderr], [], [], 120)
        port = int((process.stderr.readline() if ready else ":0/").split(" at ")[1].split("/")[2].rsplit(":", 1)[1])

        def search() -> tuple[int, dict]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/api/search?q=giao+%C6%B0%E1%BB%9Bc")
            response = connection.getresponse()
            return response.status, json.loads(response.read())

        assert search()[0] == 200
        cut(segment(home), segment(home).stat().st_size // 2)  # under the running server: no SIGBUS
        status, body = search()
        assert status == 503 and "unionnews index --rebuild" in body["detail"], body
        run_cli("index", "--rebuild", home=home)
        status, body = search()
        assert status == 200 and body["total"] == ARTICLES
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)
