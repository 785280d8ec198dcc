"""`unionnews export` with the search filters, CSV, exact text, and a progress bar only on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, run_cli

from archive.export import iter_records, load_schema, write_records
from archive.filters import Filters
from archive.store import Archive, FetchedPage
from cleaner.article import CleanedArticle
from search.embedded.engine import EmbeddedEngine
from search.query import SearchRequest
from unionnews.resultset import ResultSet
from vnlang.dates import VIETNAM
from vnlang.text import fold


def _export(home: Path, *args: str) -> list[dict]:
    return [json.loads(line) for line in run_cli("export", "-o", "-", *args, home=home).stdout.splitlines()]


@pytest.fixture(scope="module")
def archive(crawled_home: Path) -> Iterator[Archive]:
    opened = Archive(f"sqlite:///{crawled_home / 'archive.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def everything(crawled_home: Path) -> list[dict]:
    return _export(crawled_home)


def _ids(archive: Archive, **where: object) -> list[int]:
    return [r["id"] for r in iter_records(archive, where=Filters(**where))]


def test_site_and_date_filters_keep_exactly_the_matching_articles(crawled_home: Path, everything: list[dict]) -> None:
    got = _export(crawled_home, "--site", "demo-joomla", "--site", "demo-table", "--from", "2020-01-01", "--to",
                  "2020-12-31")  # fmt: skip
    expected = [r["id"] for r in everything
                if r["site"] in ("demo-joomla", "demo-table") and r["published"] and r["published"][:4] == "2020"]  # fmt: skip
    assert expected and [r["id"] for r in got] == expected
    assert len(got) < len(everything)


def test_province_author_and_entity_filters_ignore_diacritics(archive: Archive, everything: list[dict]) -> None:
    son_la = _ids(archive, province="son la")
    assert son_la and son_la == [r["id"] for r in everything if r["province"] == "Sơn La"]

    hoa = _ids(archive, persons=("be thi hoa",))
    named = [r["id"] for r in everything if any(e["type"] == "person" and e["name"] == "Bế Thị Hòa"
                                                 for e in r["entities"])]  # fmt: skip
    assert named and hoa == named

    author = next(r["author"] for r in everything if r["author"] and fold(r["author"]) != r["author"].lower())
    by_author = _ids(archive, author=fold(author))
    assert by_author and by_author == [r["id"] for r in everything if r["author"] == author]

    both = _ids(archive, persons=("be thi hoa",), places=("Bạch Thông",))
    assert set(both) <= set(named)
    assert _ids(archive, province="Sơn La", date_from=date(2030, 1, 1)) == []


def test_query_export_is_the_search_result_set_in_its_order(crawled_home: Path, archive: Archive) -> None:
    search = json.loads(run_cli("search", "mai am cong doan", "--site", "demo-table", "--site", "demo-portal",
                                "--limit", "1000", "--json", home=crawled_home).stdout)  # fmt: skip
    exported = _export(crawled_home, "--query", "mai am cong doan", "--site", "demo-table", "--site", "demo-portal")
    assert len(search) >= 2
    assert [r["id"] for r in exported] == [h["id"] for h in search]
    schema = load_schema()
    for record in exported:
        jsonschema.validate(record, schema)
    index = EmbeddedEngine(crawled_home / "index")
    by_date = ResultSet(archive, index.ranked_ids, SearchRequest("mai am cong doan", sort="date")).records()
    dates = [r["published"] for r in by_date]
    assert len(dates) >= len(exported) and dates == sorted(dates, reverse=True)


def test_csv_holds_the_same_articles_and_text_as_jsonl(crawled_home: Path, everything: list[dict]) -> None:
    records = everything
    data = run_cli("export", "-o", "-", "--format", "csv", home=crawled_home).stdout
    assert data.startswith("\ufeffid,url,site,")
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    assert [int(row["id"]) for row in rows] == [r["id"] for r in records]
    for row, record in zip(rows, records, strict=True):
        assert row["body"] == record["body"] and row["title"] == record["title"]
        assert row["captions"].split("\n") == (record["captions"] or [""])
        persons = [e["name"] for e in record["entities"] if e["type"] == "person"]
        assert row["persons"] == "; ".join(dict.fromkeys(persons))


def test_bodies_with_quotes_backslashes_and_control_characters_survive_export(tmp_path: Path) -> None:
    """The JSON formats write the stored body's bytes escaped in place: every escape must be right."""
    bodies = [
        'Chủ tịch nói: "Công đoàn là nhà" \\ đường dẫn C:\\tệp\n\nĐoạn hai',
        "Cột\tphân cách bằng tab\r\nvà ký tự điều khiển \x01 \x1f",
        "Chỉ chữ Việt: Liên đoàn Lao động tỉnh Bắc Kạn “mái ấm” – đ Đ",
    ]
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site = archive.ensure_site("escapes", "Bắc Kạn")
    for i, body in enumerate(bodies):
        url = f"http://127.0.0.1:9/bai-{i}.html"
        published = datetime(2021, 3, i + 1, 8, 0, tzinfo=VIETNAM)
        article = CleanedArticle(url=url, title=f"Bài {i}", body=body, published=published)
        archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
    archive.close()
    lines = run_cli("export", "-o", "-", home=tmp_path).stdout.splitlines()
    assert [json.loads(line)["body"] for line in lines] == bodies
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    for fmt in ("json", "csv"):
        out = io.BytesIO()
        write_records(iter_records(archive, encoded_body=fmt != "csv"), out, fmt)
        if fmt == "json":
            assert [r["body"] for r in json.loads(out.getvalue())] == bodies
        else:
            rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
            assert [row[9] for row in rows[1:]] == bodies
    archive.close()


def test_csv_cells_that_read_as_formulas_are_neutralised_and_json_stays_exact(tmp_path: Path) -> None:
    titles = ['=HYPERLINK("http://x";"Công đoàn")', "-Tin tức", "+84 912 345 678 đường dây nóng", "@Công đoàn",
              "\tTab đầu dòng", "Công đoàn = nhà của người lao động"]  # fmt: skip
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site = archive.ensure_site("formulas", "Bắc Kạn")
    for i, title in enumerate(titles):
        url = f"http://127.0.0.1:9/cong-thuc-{i}.html"
        published = datetime(2021, 3, i + 1, tzinfo=VIETNAM)
        article = CleanedArticle(url=url, title=title, body=f"-{i} đoàn viên", published=published,
                          author="=1+1" if i == 0 else "Ngọc Liêm")  # fmt: skip
        archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
    archive.close()
    records = _export(tmp_path)
    assert [r["title"] for r in records] == titles and records[0]["author"] == "=1+1"  # JSON: the text as scraped
    data = run_cli("export", "-o", "-", "--format", "csv", home=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    assert [row["title"] for row in rows] == ["'" + t for t in titles[:5]] + [titles[5]]
    assert rows[0]["title"] == "'=HYPERLINK(\"http://x\";\"Công đoàn\")" and rows[1]["title"] == "'-Tin tức"
    assert [row["body"] for row in rows] == [f"'-{i} đoàn viên" for i in range(len(titles))]
    assert [row["author"] for row in rows] == ["'=1+1"] + ["Ngọc Liêm"] * 5
    assert all(row["published"].startswith("2021-03-") for row in rows)  # dates and ids are left alone


def test_progress_bar_only_when_stderr_is_a_terminal(crawled_home: Path, tmp_path: Path) -> None:
    quiet = run_cli("export", "-o", str(tmp_path / "quiet.jsonl"), home=crawled_home)
    assert "exporting" not in quiet.stderr and "%" not in quiet.stderr

    leader, follower = pty.openpty()
    env = {**os.environ, "UNIONNEWS_HOME": str(crawled_home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    child = subprocess.Popen([sys.executable, "-m", "unionnews", "export", "-o", str(tmp_path / "tty.jsonl")],
                             stderr=follower, stdout=subprocess.DEVNULL, env=env, cwd=REPO)  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the child exits
            break
        if not chunk:
            break
        shown += chunk
    assert child.wait(timeout=120) == 0
    os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert "exporting" in text and "100%" in text and "28/28" in text, text
    assert (tmp_path / "tty.jsonl").read_text(encoding="utf-8") == (tmp_path / "quiet.jsonl").read_text(encoding="utf-8")


def test_bad_filters_are_one_line_errors(crawled_home: Path, tmp_path: Path) -> None:
    for args in (["--from", "2021-01-01", "--to", "2020-01-01"], ["--query", '"unclosed']):
        result = run_cli("export", "-o", str(tmp_path / "x.jsonl"), *args, home=crawled_home, check=False)
        assert result.returncode == 2, (args, result.stderr)
        last = result.stderr.strip().splitlines()[-1]
        assert "Traceback" not in result.stderr and last.startswith("unionnews: error:"), last
    assert not (tmp_path / "x.jsonl").exists()
