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
