"""`unionnews export`: JSON Lines or a JSON array that validates against the shipped schema."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import jsonschema
from conftest import run_cli

from archive.export import load_schema


def test_jsonl_export_validates_against_the_schema(crawled_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    run_cli("export", "-o", str(out), home=crawled_home)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 28
    schema = load_schema()
    for record in records:
        jsonschema.validate(record, schema)
        assert record["published"].endswith("+07:00")
        assert unicodedata.is_normalized("NFC", record["body"])
    assert {r["site"] for r in records} == {"demo-portal", "demo-joomla", "demo-table", "demo-html5"}
    assert len({r["url"] for r in records}) == 28


def test_json_array_and_site_filter(crawled_home: Path) -> None:
    text = run_cli("export", "-o", "-", "--format", "json", "--site", "demo-table", home=crawled_home).stdout
    records = json.loads(text)
    assert len(records) == 7 and {r["province"] for r in records} == {"Sơn La"}
    jsonschema.validate(records[0], load_schema())


def test_schema_rejects_a_broken_record() -> None:
    schema = load_schema()
    broken = {"url": "x", "title": "", "published": "27/12/2020", "author": None, "category": None, "body": "b",
              "captions": [], "entities": []}  # fmt: skip
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("schema accepted an empty title and a non-ISO date")


def test_records_say_when_each_article_was_archived_and_updated_and_which_raw_page_it_came_from(
    crawled_home: Path,
) -> None:
    import csv
    import io
    import sqlite3

    jsonl = [json.loads(line) for line in run_cli("export", "-o", "-", home=crawled_home).stdout.splitlines()]
    db = sqlite3.connect(crawled_home / "archive.sqlite3")
    stored = {row[0]: row[1:] for row in db.execute(
        "SELECT a.id, a.first_seen, a.updated_at, r.sha256 FROM articles a JOIN raw_pages r ON r.id = a.raw_page_id")}
    schema = load_schema()
    assert {"archived", "updated", "raw_sha256"} <= set(schema["properties"])
    for record in jsonl:
        jsonschema.validate(record, schema)
        first_seen, updated_at, sha256 = stored[record["id"]]
        assert record["raw_sha256"] == sha256 and len(sha256) == 64
        assert record["archived"].endswith("+07:00") and record["archived"] <= record["updated"]
        assert record["archived"][:10] in (first_seen[:10], _next_day(first_seen[:10]))  # stored in UTC
    as_json = json.loads(run_cli("export", "-o", "-", "--format", "json", home=crawled_home).stdout)
    assert as_json == jsonl
    data = run_cli("export", "-o", "-", "--format", "csv", home=crawled_home).stdout
    rows = list(csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline="")))
    assert [(r["archived"], r["updated"], r["raw_sha256"]) for r in rows] == [
        (r["archived"], r["updated"], r["raw_sha256"]) for r in jsonl]  # fmt: skip
    # a plain date a spreadsheet reads as a date: the day the article was published, in Vietnam
    assert [r["published_date"] for r in rows] == [(r["published"] or "")[:10] for r in jsonl]
    assert all(len(r["published_date"]) == 10 for r in rows if r["published"])


def _next_day(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


OLD_FIELDS = ["id", "url", "site", "province", "title", "published", "author", "byline", "category", "body",
              "captions", "entities", "figures", "archived", "updated", "raw_sha256"]  # fmt: skip
PROVENANCE = ["source", "captured", "original_url", "archived_copy"]


def test_records_end_with_where_their_bytes_came_from(crawled_home: Path) -> None:
    import csv
    import io
    import sqlite3
    from datetime import UTC, datetime

    from vnlang.dates import iso_local

    jsonl = [json.loads(line) for line in run_cli("export", "-o", "-", home=crawled_home).stdout.splitlines()]
    db = sqlite3.connect(crawled_home / "archive.sqlite3")
    stored = {row[0]: row[1:] for row in db.execute(
        "SELECT a.id, r.source, r.fetched_at, r.fetched_url, r.archived_copy FROM articles a "
        "JOIN raw_pages r ON r.id = a.raw_page_id")}  # fmt: skip
    schema = load_schema()
    assert set(PROVENANCE) <= set(schema["properties"])
    for record in jsonl:
        assert list(record) == OLD_FIELDS + PROVENANCE  # appended: the fields before keep their names and order
        jsonschema.validate(record, schema)
        source, fetched_at, fetched_url, archived_copy = stored[record["id"]]
        fetched = datetime.fromisoformat(fetched_at).replace(tzinfo=UTC, microsecond=0)
        assert (record["source"], record["captured"], record["original_url"], record["archived_copy"]) == (
            "crawl", iso_local(fetched), fetched_url, None)  # a live crawl: captured when fetched  # fmt: skip
    assert json.loads(run_cli("export", "-o", "-", "--format", "json", home=crawled_home).stdout) == jsonl
    data = run_cli("export", "-o", "-", "--format", "csv", home=crawled_home).stdout
    reader = csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline=""))
    rows = list(reader)
    assert reader.fieldnames is not None and reader.fieldnames[-5:] == ["published_date", *PROVENANCE]
    assert [[r[f] for f in PROVENANCE] for r in rows] == [[r[f] or "" for f in PROVENANCE] for r in jsonl]
