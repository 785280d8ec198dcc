"""`unionnews extract FILE --url URL`: one JSON object, or one line of error and a non-zero exit."""

from __future__ import annotations

import json
import unicodedata
import urllib.request
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli

from archive.export import load_schema
from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES


def _save(url: str, path: Path) -> Path:
    with urllib.request.urlopen(url) as response:
        path.write_bytes(response.read())
    return path


def test_extract_prints_the_cleaned_article(tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]) -> None:
    site = demo_sites["demo-joomla"]
    gold = next(a for a in site.articles if a.author == "Đỗ Thị Gấm" and "Chi Lăng" in a.title)
    url = demo_urls["demo-joomla"] + SCHEMES["joomla"].article(gold)
    page = _save(url, tmp_path / "page.html")
    record = json.loads(run_cli("extract", str(page), "--url", url, home=tmp_path).stdout)
    jsonschema.validate(record, load_schema())
    assert record["title"] == gold.title
    assert record["published"] == "2019-12-31T17:16:00+07:00"
    assert record["author"] == "Đỗ Thị Gấm" and record["byline"] == "Tin, ảnh: Đỗ Thị Gấm"
    assert record["category"] == "LĐLĐ tỉnh"
    assert record["captions"] == list(gold.captions)
    assert "Bế Thị Hòa" in record["body"] and "Các tin khác" not in record["body"]
    assert unicodedata.is_normalized("NFC", record["body"])


def test_unknown_site_uses_the_generic_path(tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]) -> None:
    """Saved under a URL no profile knows, the portal page still comes out clean."""
    gold = next(a for a in demo_sites["demo-portal"].articles if a.byline == "Ngọc Liêm" and "2020" in a.title)
    page = _save(demo_urls["demo-portal"] + SCHEMES["portal"].article(gold), tmp_path / "p.html")
    record = json.loads(run_cli("extract", str(page), "--url", "https://example.org/a.html", home=tmp_path).stdout)
    assert record["title"] == gold.title
    assert record["published"] == "2020-12-27T19:56:00+07:00"
    assert record["author"] == "Ngọc Liêm"
    for noise in ("NHIỆT LIỆT CHÀO MỪNG", "Thống kê truy cập", "Tin liên quan", "Bản quyền", "bk1.jpg"):
        assert noise not in record["body"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "file is empty"), (b"\x00\x01\x02\xff" * 50, "no"), ("<html><body><p>ngắn</p></body></html>".encode(), "no")],
)
def test_bad_input_is_one_line_and_non_zero(tmp_path: Path, content: bytes, message: str) -> None:
    page = tmp_path / "bad.html"
    page.write_bytes(content)
    result = run_cli("extract", str(page), home=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("unionnews: error:") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.html"), home=tmp_path, check=False)
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr


UNSEEN = Path(__file__).parent / "data" / "unseen"


def test_batch_prints_one_object_a_line_in_order(tmp_path: Path) -> None:
    """Several files in one process: one JSON object per line, in the order given, each under its --url."""
    pages = [UNSEEN / "01-compound-class-names.html", UNSEEN / "07-account-only.html", UNSEEN / "02-lowercase-lines.html"]
    urls = ["https://congdoankcn.example.vn/a.html", "https://ldld.concuong.example.vn/b.html", "https://ldld.sonla.example.vn/c.html"]
    args = [str(p) for p in pages] + [arg for url in urls for arg in ("--url", url)]
    lines = run_cli("extract", *args, home=tmp_path).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["url"] for r in records] == urls
    assert records[0]["title"] == "Phóng sự ảnh: Ngày hội văn hóa công nhân khu công nghiệp Quang Châu"
    assert records[1]["author"] is None and records[2]["author"] == "Ngọc Ánh"
    for record in records:
        jsonschema.validate(record, load_schema())


def test_batch_reports_a_bad_page_and_prints_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"<html><body><p>ng\xe1\xba\xafn</p></body></html>")
    result = run_cli("extract", str(bad), str(UNSEEN / "07-account-only.html"), home=tmp_path, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Hội nghị Ban Chấp hành LĐLĐ huyện Con Cuông lần thứ 5"]
    errors = result.stderr.strip().splitlines()
    assert errors[0].startswith(f"unionnews: error: {bad}:") and errors[-1] == "unionnews: error: 1 of 2 pages yielded no article"


def test_batch_needs_one_url_per_file(tmp_path: Path) -> None:
    page = str(UNSEEN / "07-account-only.html")
    result = run_cli("extract", page, page, "--url", "https://example.org/a", home=tmp_path, check=False)
    assert result.returncode == 2 and "2 files but 1 --url values" in result.stderr and "Traceback" not in result.stderr
