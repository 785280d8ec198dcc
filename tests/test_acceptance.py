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
    for path, reason in (("/", "no date"), (scheme.listing(1), "list of links|headline links to another page|menu label"),
                         (scheme.listing(2), "list of links|headline links to another page|menu label")):  # fmt: skip
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
    article = extract_html(
        html, "http://x.vn/bai-viet/tap-huan-nghiep-vu-cong-doan?utm_source=zalo", require_article=True
    )
    assert article.title == "Tập huấn nghiệp vụ công tác công đoàn năm 2024"


def test_a_link_to_the_page_itself_with_its_parameters_in_another_order_is_the_page() -> None:
    """The crawl requests a link's query sorted (as the archive keys it); the page links to itself in its own order."""
    paragraph = ("Chiều 20/11, Liên đoàn Lao động tỉnh Sơn La tổ chức gặp mặt các nhà giáo là đoàn viên công đoàn "
                 "tiêu biểu nhân kỷ niệm Ngày Nhà giáo Việt Nam, trao tặng nhiều phần quà ý nghĩa.")  # fmt: skip
    html = f"""<html><head><title>Gặp mặt nhà giáo tiêu biểu</title></head><body>
      <h1><a href="/chitiet.asp?id=17&cat=2">Gặp mặt nhà giáo là đoàn viên công đoàn tiêu biểu năm 2020</a></h1>
      <p class="date">Thứ Sáu, 20/11/2020 - 16:05</p><p>{paragraph}</p><p>{paragraph}</p></body></html>"""
    article = extract_html(html, "http://127.0.0.1:8473/chitiet.asp?cat=2&id=17", require_article=True)
    assert article.title == "Gặp mặt nhà giáo là đoàn viên công đoàn tiêu biểu năm 2020"


_SAPO = ("Ngày 4/11, Liên đoàn Lao động huyện Hoài Ân phối hợp với Công đoàn Giáo dục huyện tổ chức bàn giao nhà "
         "“Mái ấm Công đoàn” cho chị Đinh Thị Hồng, giáo viên có hoàn cảnh đặc biệt khó khăn.")  # fmt: skip


def _listing(h1: str, items: int) -> str:
    cards = "".join(
        f'<div class="news-item"><h3><a href="/tin/{i}/ban-giao-nha-mai-am-{i}.html">LĐLĐ huyện Hoài Ân trao nhà Mái ấm '
        f'Công đoàn số {i}</a></h3><div class="date">05/11/2019</div><p class="sapo">{_SAPO}</p></div>'
        for i in range(items)
    )  # fmt: skip
    return f"""<html><head><title>{h1}</title></head><body>
      <nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/chuyen-muc/cham-lo">Chăm lo đời sống</a></li></ul></nav>
      <div class="cat-box"><h1 class="cat-title">{h1}</h1>{cards}</div></body></html>"""


@pytest.mark.parametrize(("h1", "items", "reason"), [
    ("Chăm lo đời sống", 2, "menu label"),  # a section's page: its heading is the menu item that leads there
    ("Mái ấm Công đoàn", 1, "list of links"),  # a tag page with one story: its headline is a link elsewhere
])  # fmt: skip
def test_a_section_or_tag_page_with_few_stories_is_not_an_article(h1: str, items: int, reason: str) -> None:
    with pytest.raises(NotAnArticle, match=reason):
        extract_html(_listing(h1, items), "http://x.vn/chuyen-muc/cham-lo", require_article=True)


def test_the_day_a_portal_prints_in_its_header_is_not_the_pages_date() -> None:
    text = ("Liên đoàn Lao động tỉnh Quảng Nam là tổ chức chính trị - xã hội của giai cấp công nhân và của người lao "
            "động trên địa bàn tỉnh, là thành viên của hệ thống tổ chức Công đoàn Việt Nam.")  # fmt: skip
    html = f"""<html><head><title>Giới thiệu</title></head><body><table>
      <tr><td class="date"><span class="SkinObject">Hôm nay: 22/11/2024</span></td></tr>
      <tr><td><h1>Giới thiệu Liên đoàn Lao động tỉnh Quảng Nam</h1><p>{text}</p><p>{text}</p></td></tr></table></body></html>"""
    assert extract_html(html, "http://x.vn/Default.aspx?tabid=53").published is None
    with pytest.raises(NotAnArticle, match="no date"):
        extract_html(html, "http://x.vn/Default.aspx?tabid=53", require_article=True)
