"""Pages built to cost the cleaner: very large ones are refused with a reason, very deep ones keep their body."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from conftest import run_cli

from cleaner.article import ExtractionError
from cleaner.html import MAX_PAGE_BYTES, extract_html
from unionnews.commands.pages import page_url

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


def test_a_photo_pasted_inline_does_not_count_toward_the_limit() -> None:
    photo = f'<p><img src="data:image/jpeg;base64,{"QUJD" * (MAX_PAGE_BYTES // 3)}"></p>'
    article = extract_html(page(1).replace("</div>", photo + "</div>", 1), "https://ldld.backan.example.vn/tin/anh.html")
    assert article.body.count("Pác Nặm") == 4


def test_entities_are_decoded_once() -> None:
    written = TITLE.replace("Mái ấm", "&amp;lt;b&amp;gt; Mái ấm")  # the page shows the text "<b>", escaped
    article = extract_html(page(1).replace(f"<h1>{TITLE}", f"<h1>{written}").replace(PARAGRAPH, PARAGRAPH.replace(
        "Mái ấm", "&amp;lt;b&amp;gt; Mái ấm"), 1), "https://ldld.backan.example.vn/tin/the.html")  # fmt: skip
    assert "&lt;b&gt; Mái ấm" in article.body and "<b>" not in article.body
    assert article.body.count("Pác Nặm") == 4


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", 'http://"><script>alert(1)</script>/a'])
def test_ingest_files_pages_under_web_urls_only(url: str) -> None:
    with pytest.raises(click.BadParameter):
        page_url(url)
    assert page_url("https://công-đoàn.example.vn:8443/tin/a.html")


def test_ingest_refuses_a_javascript_url_in_one_line(tmp_path: Path) -> None:
    saved = tmp_path / "a.html"
    saved.write_text(page(1), encoding="utf-8")
    result = run_cli("ingest", str(saved), "--url", "javascript:alert(1)", home=tmp_path / "home", check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "http(s)" in result.stderr
