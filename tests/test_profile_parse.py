"""The escape hatch: a profile's own parse function reads what no selector can, in the cleaner.

The odd fixture site (tests/sites/odd/) prints its headline only in an image's alt text and its date
only in a `data-ts` Unix timestamp; its TOML profile names parse.py's function. Crawled for real on
127.0.0.1, its articles must carry the function's title and date.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import run_cli
from sites.odd.site import ARTICLES, PROFILE, _article_page, odd_site

from cleaner import ExtractionError, extract_html
from crawler.sites import load_profile
from vnlang.dates import VIETNAM

SPEC = "tests.sites.odd.parse:parse"


def test_a_crawl_takes_title_and_date_from_the_parse_function(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    shutil.copy(PROFILE, tmp_path / "sites" / "odd.toml")
    with odd_site() as url:
        run_cli("crawl", "--site", "odd", "--base-url", f"odd={url}", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    exported = run_cli("export", "-o", "-", home=tmp_path).stdout
    records = {r["url"].rsplit("/", 1)[1]: r for r in map(json.loads, exported.splitlines())}
    assert sorted(records) == [f"{a.id}.html" for a in ARTICLES]
    for article in ARTICLES:
        record = records[f"{article.id}.html"]
        assert record["title"] == article.title
        assert record["published"] == article.published.astimezone(VIETNAM).isoformat()
        assert record["body"] == "\n\n".join(article.paragraphs)
        assert (record["site"], record["province"]) == ("odd", "Lai Châu")


def test_without_the_function_the_cleaner_cannot_read_the_page() -> None:
    """The fixture really needs the hatch: the same page through the same selectors, minus `parse`."""
    article = ARTICLES[1]
    selectors = load_profile(PROFILE).selectors
    assert selectors.parse == SPEC
    with_function = extract_html(_article_page(article), "http://127.0.0.1/bai/2.html", selectors)
    assert (with_function.title, with_function.published) == (article.title, article.published)
    plain = extract_html(_article_page(article), "http://127.0.0.1/bai/2.html", replace(selectors, parse=None))
    assert (plain.title, plain.published) == ("Cổng thông tin Công đoàn", None)  # the site's name, and no date


def test_what_a_parse_function_may_return(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hong_parse.py").write_text(
        "def extra(soup):\n    return {'tieu_de': 'x'}\n"
        "def wrong_date(soup):\n    return {'published': 'không rõ'}\n"
        "def naive(soup):\n    import datetime\n    return {'published': datetime.datetime(2024, 3, 14, 14, 15),"
        " 'captions': ['  Ảnh: Lò Thị Hoà  ']}\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    page, url = _article_page(ARTICLES[1]), "http://127.0.0.1/bai/2.html"
    selectors = load_profile(PROFILE).selectors
    with pytest.raises(ExtractionError, match=r"hong_parse:extra: unknown fields tieu_de"):
        extract_html(page, url, replace(selectors, parse="hong_parse:extra"))
    with pytest.raises(ExtractionError, match=r"published 'không rõ' is not a date"):
        extract_html(page, url, replace(selectors, parse="hong_parse:wrong_date"))
    with pytest.raises(ExtractionError, match=r"hong_parse:missing: cannot load it"):
        extract_html(page, url, replace(selectors, parse="hong_parse:missing"))
    naive = extract_html(page, url, replace(selectors, parse="hong_parse:naive", title="div.nd p"))
    assert naive.published == ARTICLES[1].published  # a naive datetime is Vietnam time: 14:15 ICT = 07:15 UTC
    assert naive.captions == ("Ảnh: Lò Thị Hoà",)
