"""Pages built to cost the cleaner: very large ones are refused with a reason, very deep ones keep their body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from cleaner.article import ExtractionError
from cleaner.html import MAX_PAGE_BYTES, extract_html

TITLE = "Bàn giao nhà Mái ấm công đoàn ở Pác Nặm"
PARAGRAPH = ("<p>Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên có hoàn cảnh khó khăn "
             "ở huyện Pác Nặm, với tổng kinh phí 60 triệu đồng.</p>")  # fmt: skip


def page(depth: int, paragraphs: int = 4) -> str:
    return (f"<html><head><title>{TITLE}</title></head><body>" + "<div class='khung'>" * depth
            + f"<h1>{TITLE}</h1><p>Cập nhật lúc 19:56 - 27/12/2020</p>" + PARAGRAPH * paragraphs
            + "</div>" * depth + "</body></html>")  # fmt: skip


@pytest.mark.parametrize("depth", [300, 1500])
def test_a_body_nested_deeper_than_libxml2s_default_is_kept(depth: int) -> None:
    article = extract_html(page(depth), "https://ldld.backan.example.vn/tin/sau.html")
    assert article.title == TITLE and article.body.count("Pác Nặm") == 4


def test_a_page_nested_past_any_limit_is_refused_with_its_reason() -> None:
    with pytest.raises(ExtractionError, match="deeper than"):
        extract_html(page(5000), "https://ldld.backan.example.vn/tin/qua-sau.html")


def test_a_page_over_the_cleaning_limit_is_kept_raw_with_its_reason(tmp_path: Path) -> None:
    big = tmp_path / "lon.html"
    big.write_text(page(1, paragraphs=MAX_PAGE_BYTES // len(PARAGRAPH.encode()) + 10), encoding="utf-8")
    with pytest.raises(ExtractionError, match="too large"):
        extract_html(big.read_bytes(), "https://ldld.backan.example.vn/tin/lon.html")
    result = run_cli("ingest", str(big), "--url", "https://ldld.backan.example.vn/tin/lon.html", "--json",
                     home=tmp_path / "home", check=False)  # fmt: skip
    (record,) = json.loads(result.stdout)
    assert record["outcome"] in ("failed", "not-article") and "too large" in record["reason"]  # kept raw, with why
