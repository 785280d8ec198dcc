"""The cleaner's test of whether a page reads as an article (cleaner/acceptance.py)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from cleaner import NotAnArticle, extract_html
from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES

GOLD = Path(__file__).parent / "data" / "gold"


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem)
def test_every_dated_gold_article_reads_as_an_article(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    html = (GOLD / gold["file"]).read_bytes()
    url = gold.get("url") or f"http://example.vn/{path.stem}.html"
    if gold.get("published") is None:
        with pytest.raises(NotAnArticle, match="no date"):
            extract_html(html, url, require_article=True)
    else:
        article = extract_html(html, url, require_article=True)
        assert article.title == gold["title"]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@pytest.mark.parametrize("name", ["demo-portal", "demo-joomla", "demo-html5"])
def test_home_and_listing_pages_do_not_read_as_articles(name: str, demo_urls: dict[str, str],
                                                        demo_sites: dict[str, DemoSite]) -> None:  # fmt: skip
    base, scheme = demo_urls[name], SCHEMES[demo_sites[name].family]
    for path, reason in (("/", "no date"), (scheme.listing(1), "list of links|headline links to another page"),
                         (scheme.listing(2), "list of links|headline links to another page")):  # fmt: skip
        with pytest.raises(NotAnArticle, match=reason):
            extract_html(_get(base + path), base + path, require_article=True)
    # Without the requirement the cleaner still makes what it can of a listing (its first story).
    assert extract_html(_get(base + scheme.listing(1)), base + scheme.listing(1)).body


def test_an_article_whose_headline_links_to_itself_is_still_an_article() -> None:
    paragraph = ("Sáng 12/10, Liên đoàn Lao động tỉnh Bắc Kạn tổ chức hội nghị tập huấn nghiệp vụ công tác công đoàn "
                 "cho hơn 100 cán bộ công đoàn cơ sở trên địa bàn tỉnh, với nhiều nội dung thiết thực.")  # fmt: skip
    html = f"""<html><head><title>Tập huấn nghiệp vụ công đoàn</title>
      <link rel="canonical" href="http://x.vn/bai-viet/tap-huan-nghiep-vu-cong-doan"></head><body>
      <h1><a href="/bai-viet/tap-huan-nghiep-vu-cong-doan">Tập huấn nghiệp vụ công tác công đoàn năm 2024</a></h1>
      <p class="date">Thứ Hai, 14/10/2024 - 09:15</p><p>{paragraph}</p><p>{paragraph}</p></body></html>"""
    # Read at another address of the same article: the canonical says the headline links to the page itself.
    article = extract_html(html, "http://x.vn/bai-viet/tap-huan-nghiep-vu-cong-doan?utm_source=zalo", require_article=True)
    assert article.title == "Tập huấn nghiệp vụ công tác công đoàn năm 2024"
