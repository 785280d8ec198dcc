"""`unionnews search` over a crawled archive: accent-free, tone styles, filters, JSON output."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli
from test_search_index import ARTICLES
from test_search_index import _store as store_test_article

from archive.store import Archive, FetchedPage
from cleaner.article import CleanedArticle
from vnlang.dates import VIETNAM
from vnlang.text import normalize


def _search(home: Path, *args: str) -> list[dict]:
    return json.loads(run_cli("search", *args, "--json", home=home).stdout)


def test_accent_free_query_finds_articles_written_with_diacritics(crawled_home: Path) -> None:
    hits = _search(crawled_home, "cong doan", "--limit", "50")
    assert len(hits) >= 20
    assert all({"url", "title", "published", "site", "score"} <= set(hit) for hit in hits)
    assert any("công đoàn" in hit["title"].lower() for hit in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_old_and_new_tone_marks_return_the_same_hits(crawled_home: Path) -> None:
    old = _search(crawled_home, "Hoà Bình")
    new = _search(crawled_home, "Hòa Bình")
    assert old and [h["url"] for h in old] == [h["url"] for h in new]


def test_damaged_diacritics_in_the_page_are_found(crawled_home: Path) -> None:
    hits = _search(crawled_home, '"giao ước thi đua"', "--site", "demo-table")
    assert any("Khối thi đua khu vực I" in h["title"] for h in hits)  # the page prints "giao uớc thi đua"


def test_exact_diacritics_rank_above_folded_matches(crawled_home: Path) -> None:
    """"hòa" also folds onto "hóa" (công nghiệp hóa): pages with the word itself must come first."""
    hits = _search(crawled_home, "hòa", "--limit", "50")
    marked = [normalize(" ".join(re.findall(r"<mark[^>]*>(.*?)</mark>", h["snippet"]))) for h in hits]
    exact = [i for i, words in enumerate(marked) if "hòa" in words.split()]
    folded_only = [i for i, words in enumerate(marked) if words and "hòa" not in words.split()]
    assert exact and folded_only
    assert max(exact) < min(folded_only)


def test_date_range_and_site_filters(crawled_home: Path) -> None:
    in_2020 = _search(crawled_home, "cong doan", "--from", "2020-01-01", "--to", "2020-12-31", "--limit", "50")
    assert in_2020 and all(h["published"].startswith("2020-") for h in in_2020)
    everything = _search(crawled_home, "cong doan", "--limit", "50")
    assert len(everything) > len(in_2020)
    html5 = _search(crawled_home, "cong doan", "--site", "demo-html5", "--limit", "50")
    assert html5 and {h["site"] for h in html5} == {"demo-html5"}


def test_dates_as_vietnamese_readers_write_them_filter_like_iso_dates(crawled_home: Path, tmp_path: Path) -> None:
    """The web app's form accepts DD/MM/YYYY; so do --from and --to, of search and export alike."""
    iso = _search(crawled_home, "cong doan", "--from", "2020-01-04", "--to", "2020-12-31", "--limit", "50")
    written = _search(crawled_home, "cong doan", "--from", "04/01/2020", "--to", "31/12/2020", "--limit", "50")
    assert iso and written == iso
    out = tmp_path / "2020.jsonl"
    run_cli("export", "-o", str(out), "--from", "4/1/2020", "--to", "31/12/2020", home=crawled_home)
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert exported and all("2020-01-04" <= r["published"][:10] <= "2020-12-31" for r in exported)
    for bad in ("31/02/2020", "2020/01/04", "04-01-2020"):
        result = run_cli("search", "cong doan", "--from", bad, home=crawled_home, check=False)
        assert result.returncode == 2 and result.stderr.startswith("unionnews: error:"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "DD/MM/YYYY" in result.stderr


def test_human_output_and_no_results(crawled_home: Path) -> None:
    shown = run_cli("search", "mái ấm công đoàn", "--limit", "2", home=crawled_home).stdout
    assert "kết quả" in shown and "http://127.0.0.1:" in shown
    nothing = run_cli("search", "xyzzyqwerty", home=crawled_home).stdout
    assert "Không tìm thấy" in nothing


def test_bad_query_and_dates_are_one_line_errors(crawled_home: Path) -> None:
    for args in (["   "], ["cong", "--from", "2021-01-01", "--to", "2020-01-01"]):
        result = run_cli("search", *args, home=crawled_home, check=False)
        assert result.returncode == 2 and result.stderr.startswith("unionnews: error:"), result.stderr
        assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def entity_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive of test_search_index, with entities set directly, indexed by `unionnews index`."""
    home = tmp_path_factory.mktemp("entities")
    archive = Archive(f"sqlite:///{home / 'archive.sqlite3'}")
    for row in ARTICLES:
        store_test_article(archive, row)
    archive.close()
    assert "indexed 6 articles" in run_cli("index", home=home).stdout
    return home


def test_entity_filters_ignore_diacritics(entity_home: Path) -> None:
    titles = {h["title"] for h in _search(entity_home, "tỉnh", "--person", "ha van chien")}
    assert titles == {"Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm", "Tập huấn an toàn vệ sinh lao động"}
    assert [h["title"] for h in _search(entity_home, "đoàn", "--org", "Cong doan nganh Giao duc")] == [
        "Ký kết giao ước thi đua năm 2021"]  # fmt: skip
    assert {h["title"] for h in _search(entity_home, "tỉnh", "--place", "Hoa Binh")} == {
        "Tập huấn an toàn vệ sinh lao động", "Hoà Bình đón đoàn công tác"}  # fmt: skip
    assert _search(entity_home, "tỉnh", "--place", "Hoa Binh", "--person", "Hà Văn Chiến", "--category", "x") == []


def test_facets_and_did_you_mean_are_shown(entity_home: Path) -> None:
    shown = run_cli("search", "đoàn", "--facets", home=entity_home).stdout
    assert "năm (year): 2021 (1), 2020 (1), 2019 (1), 2018 (1)" in shown
    assert "người (person): " in shown and "Hà Văn Chiến (1)" in shown
    assert "trang (site): ldld-backan (2), ldld-langson (1), ldld-sonla (1)" in shown
    nothing = run_cli("search", "giao uoccc", home=entity_home).stdout
    assert "Không tìm thấy" in nothing and "did you mean): giao ước" in nothing


def test_author_facet_is_shown(crawled_home: Path) -> None:
    shown = run_cli("search", "cong doan", "--facets", home=crawled_home).stdout
    assert "tác giả (author): Ban TG (4), Báo Lao Động (3), Thu Hiền (3), Đỗ Thị Gấm (2), Ngọc Liêm (2)," in shown


@pytest.mark.parametrize("query", ['"mái ấm', "(cong doan", "cong doan)", "cong AND", "NOT doan", "OR"])
def test_malformed_queries_are_one_line_errors(entity_home: Path, query: str) -> None:
    result = run_cli("search", query, home=entity_home, check=False)
    assert result.returncode == 2 and result.stderr.startswith("unionnews: error:"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_out_of_range_date_is_a_one_line_error(crawled_home: Path) -> None:
    result = run_cli("search", "cong doan", "--from", "0001-01-01", home=crawled_home, check=False)
    assert result.returncode == 2 and result.stderr.startswith("unionnews: error:")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_facet_values_with_equal_counts_are_in_vietnamese_alphabetical_order(crawled_home: Path) -> None:
    from vnlang.collation import sort_key

    shown = run_cli("search", "cong doan", "--facets", "--limit", "1", home=crawled_home).stdout
    ties = 0
    for title in ("người (person): ", "địa danh (place): ", "tác giả (author): "):
        line = next(line for line in shown.splitlines() if line.startswith(title))
        values = [re.fullmatch(r"(.+) \((\d+)\)", item).groups() for item in line.removeprefix(title).split(", ")]
        keys = [(-int(count), sort_key(value)) for value, count in values]
        assert keys == sorted(keys), line
        ties += len(values) - len({count for _, count in values})
    assert ties  # the order of equal counts was put to the test


def test_a_company_named_only_in_a_caption_is_found_and_the_caption_shown(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    url = "https://ldld-backan.example.vn/tham-doanh-nghiep.html"
    article = CleanedArticle(
        url=url, title="Thăm và làm việc tại doanh nghiệp", published=datetime(2020, 6, 3, 9, tzinfo=VIETNAM),
        body="Đoàn công tác của LĐLĐ tỉnh đến thăm, động viên công nhân đang làm việc tại mỏ.",
        captions=("Công nhân Công ty Cổ phần Khoáng sản Bắc Kạn trong ca sản xuất",),
    )  # fmt: skip
    archive.store_page(archive.ensure_site("ldld-backan", "Bắc Kạn"), FetchedPage(url, b"<html></html>"), article)
    archive.close()
    run_cli("index", home=tmp_path)
    hits = _search(tmp_path, "khoáng sản Bắc Kạn")
    assert [h["url"] for h in hits] == [url]
    assert "Công ty Cổ phần <mark>Khoáng</mark> <mark>sản</mark> <mark>Bắc</mark> <mark>Kạn</mark>" in hits[0]["snippet"]
