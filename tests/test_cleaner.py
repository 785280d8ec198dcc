"""Cleaner rules one by one: furniture lines, headline beside the date line, bylines, dates, captions."""

from __future__ import annotations

import pytest

from cleaner import ExtractionError, extract_html
from cleaner.boilerplate import is_noise_line, is_related_heading, is_slogan
from cleaner.byline import parse_byline
from cleaner.title import headline_near, strip_suffix
from vnlang.dates import parse_date

PARA = ("Ngày 12/3, Liên đoàn Lao động huyện Mường La tổ chức hội nghị tổng kết công tác công đoàn năm 2020 với sự "
        "tham dự của hơn 100 đại biểu là chủ tịch công đoàn cơ sở trực thuộc và đại diện lãnh đạo huyện.")  # fmt: skip


@pytest.mark.parametrize(
    "line",
    ["Thống kê truy cập", "Đang truy cập: 15", "Hôm nay 127", "Tổng số lượt xem 889804", "Chia sẻ: Facebook Twitter | In bài",
     "Bản quyền thuộc Liên đoàn Lao động tỉnh Sơn La", "Cơ quan chủ quản: LĐLĐ tỉnh", "Giấy phép số 07/GP-STTTT",
     "NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG!", "· Lượt xem: 1.245", "Read more »", "Xem tiếp"],
)  # fmt: skip
def test_furniture_lines(line: str) -> None:
    assert is_noise_line(line)


@pytest.mark.parametrize("line", [PARA, "Chia sẻ kinh nghiệm tổ chức hội nghị người lao động tại doanh nghiệp",
                                  "Hôm nay, 120 đoàn viên được nhận quà", "Theo Báo Lao Động"])  # fmt: skip
def test_prose_is_not_furniture(line: str) -> None:
    assert not is_noise_line(line)


def test_slogans_and_related_headings() -> None:
    assert is_slogan("Chào mừng kỷ niệm 92 năm Ngày thành lập Công đoàn Việt Nam!")
    assert not is_slogan("Công đoàn Việt Nam tròn 92 năm")
    assert all(map(is_related_heading, ["Tin liên quan", "Các tin khác", "Tin cùng chuyên mục", "Xem thêm:", "Bài viết liên quan"]))
    assert not is_related_heading("Tin liên quan đến vụ tai nạn lao động tại mỏ đá Chiềng Sinh đã được xác minh")


def test_headline_is_the_line_beside_the_date_line() -> None:
    lines = ["Trang chủ | Tin tức | Văn bản", "LĐLĐ huyện Mường La tổng kết năm 2020", "Thứ Hai, 12/10/2020 - 09:15", PARA]
    assert headline_near(lines, 2) == 1
    slogan_first = ["Công đoàn Lạng Sơn tiếp tục đổi mới nội dung, phương thức hoạt động. " * 5,
                    "04:51 01/03/2021", "LĐLĐ huyện Chi Lăng tổng kết công tác năm 2019", PARA]  # fmt: skip
    assert headline_near(slogan_first, 1) == 2
    assert headline_near(["Menu", "04:51 01/03/2021", PARA], 1) is None


def test_title_suffix() -> None:
    assert strip_suffix("Bàn giao nhà “Mái ấm công đoàn” - Liên đoàn Lao động tỉnh Bắc Kạn", set()) == "Bàn giao nhà “Mái ấm công đoàn”"
    assert strip_suffix("Tết Sum vầy 2021 | Công đoàn Chợ Đồn", {"công đoàn chợ đồn"}) == "Tết Sum vầy 2021"


@pytest.mark.parametrize(
    ("printed", "author"),
    [("Ngọc Liêm", "Ngọc Liêm"), ("Tin, ảnh: Đỗ Thị Gấm", "Đỗ Thị Gấm"), ("Bài và ảnh: Hoàng Văn Nam", "Hoàng Văn Nam"),
     ("Theo Báo Lao Động", "Báo Lao Động"), ("Ban TG", "Ban TG"), ("Thu Hà (LĐLĐ huyện Đại Từ)", "Thu Hà"),
     ("Bài, ảnh: Phạm Minh Tuấn - Ban Tuyên giáo LĐLĐ tỉnh", "Phạm Minh Tuấn")],
)  # fmt: skip
def test_bylines(printed: str, author: str) -> None:
    assert parse_byline(printed) == (author, printed)


def test_a_sentence_is_not_a_byline() -> None:
    assert parse_byline(PARA) is None and parse_byline("Hội nghị thảo luận") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Cập nhật lúc 19:56 - 27/12/2020 (GMT +07:00)", "2020-12-27T19:56:00+07:00"),
     ("2020-01-04 01:43:30", "2020-01-04T01:43:30+07:00"), ("Thứ ba, 31 Tháng 12 2019 17:16", "2019-12-31T17:16:00+07:00"),
     ("04:51 01/03/2021", "2021-03-01T04:51:00+07:00"), ("Thứ Hai, 12/10/2020 - 09:15", "2020-10-12T09:15:00+07:00"),
     ("Thứ năm, 2/11/2023, 19:20 (GMT+7)", "2023-11-02T19:20:00+07:00"), ("November 18, 2019 at 2:26 PM", "2019-11-18T14:26:00+07:00")],
)  # fmt: skip
def test_date_lines(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize("text", ["Hôm nay", "2 giờ trước", "Cập nhật lúc 19:56", "Tháng Công nhân", "năm 2020"])
def test_no_full_date_is_no_date(text: str) -> None:
    assert parse_date(text) is None


def _page(article: str, aside: str = "") -> str:
    return (f"<html><head><title>Trang tin</title></head><body><div class='menu'><a href='/'>Trang chủ</a></div>"
            f"<div class='main'>{article}</div><div class='box'>{aside}</div></body></html>")  # fmt: skip


def test_page_without_date_gets_none_not_today() -> None:
    aside = "<h3>Tin khác</h3><ul><li><a href='/1'>Hội thi tay nghề công nhân năm 2021</a> (10:12 - 28/07/2020)</li></ul>"
    html = _page(f"<h2 class='title'>LĐLĐ huyện Mường La tổng kết năm 2020</h2><p>{PARA}</p><p>{PARA}</p>", aside)
    assert extract_html(html, "http://example.org/a").published is None


def test_captions_leave_the_body() -> None:
    html = _page(
        "<h1>LĐLĐ huyện Mường La tổng kết năm 2020</h1><p>Thứ Hai, 12/10/2020 - 09:15</p>"
        f"<p>{PARA}</p><p style='text-align:center'><img src='/a.jpg' alt='IMG_0042'></p>"
        f"<p style='text-align:center'><em>Quang cảnh hội nghị</em></p><p>{PARA}</p><p>Quàng Văn Sơn</p>"
    )
    article = extract_html(html, "http://example.org/a")
    assert article.captions == ("Quang cảnh hội nghị",)
    assert "Quang cảnh" not in article.body and "IMG_0042" not in article.body
    assert article.author == "Quàng Văn Sơn" and article.published is not None and article.published.hour == 9


def test_centred_text_under_photos_is_text_not_captions() -> None:
    """A page that centres every paragraph: the one under each photo is text, not its caption."""
    texts = [PARA, PARA.replace("Mường La", "Thuận Châu"), PARA.replace("Mường La", "Quỳnh Nhai")]
    centred = "".join(f"<p style='text-align:center'>{t}</p><p style='text-align:center'><img src='/{i}.jpg'></p>"
                      for i, t in enumerate(texts))  # fmt: skip
    article = extract_html(_page(f"<h1>LĐLĐ các huyện tổng kết năm 2020</h1><p>12/10/2020 09:15</p>{centred}"), "http://example.org/c")
    assert article.body.split("\n\n") == texts and article.captions == ()


def test_data_table_keeps_its_figures() -> None:
    """A two-column table of figures keeps both cells of each row; the rule under its header is no text."""
    rows = "".join(f"<tr><td>{m}/1/2024</td><td>+{m}.5%</td></tr>" for m in range(1, 7))
    table = f"<table><thead><tr><th>Tháng</th><th>Tăng lương bình quân</th></tr></thead><tbody>{rows}</tbody></table>"
    article = extract_html(_page(f"<h1>Tiền lương bình quân tăng qua các tháng</h1><p>12/10/2024 09:15</p><p>{PARA}</p>{table}<p>{PARA}</p>"),
                           "http://example.org/t")  # fmt: skip
    assert "1/1/2024 +1.5%" in article.body.split("\n\n") and "---" not in article.body


def test_table_of_contents_is_not_text() -> None:
    toc = "<div class='toc'><p class='toc-title'>Mục lục bài viết</p><ul><li><a href='#a'>Kết quả năm 2020</a></li><li><a href='#b'>Nhiệm vụ năm 2021</a></li></ul></div>"
    article = extract_html(_page(f"<h1>LĐLĐ huyện Mường La tổng kết năm 2020</h1><p>12/10/2020 09:15</p>{toc}<p>{PARA}</p><p>{PARA}</p>"),
                           "http://example.org/m")  # fmt: skip
    assert "Mục lục" not in article.body and "Kết quả năm 2020" not in article.body


def test_page_with_no_article_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract_html(_page("<ul class='menu'><li>Tin tức</li></ul>"), "http://example.org/menu")


def test_nukeviet_byline_and_older_news_heading() -> None:
    """NukeViet signs "Tác giả bài viết: …" / "Nguồn tin: …" and lists "Những tin cũ hơn" under the article."""
    assert parse_byline("Tác giả bài viết: Ban TG") == ("Ban TG", "Tác giả bài viết: Ban TG")
    assert parse_byline("Nguồn tin: Báo Lao Động") == ("Báo Lao Động", "Nguồn tin: Báo Lao Động")
    assert is_related_heading("Những tin cũ hơn") and is_related_heading("Những tin mới hơn")


def test_the_publisher_as_json_ld_author_is_nobody() -> None:
    """An unsigned newspaper story names the paper as its author and its publisher: nobody wrote it by name."""
    ld = ('{"@type": "NewsArticle", "headline": "Thăm hỏi công nhân bị tai nạn lao động", '
          '"author": {"@type": "Person", "name": "Báo Lao Động"}, '
          '"publisher": {"@type": "Organization", "name": "Báo Lao Động"}}')  # fmt: skip
    html = _page(f"<h1>Thăm hỏi công nhân bị tai nạn lao động</h1><p>{PARA}</p><p>{PARA}</p>").replace(
        "</head>", f"<script type='application/ld+json'>{ld}</script></head>"
    )
    assert extract_html(html, "http://example.org/a").author is None
    signed = html.replace("Person\", \"name\": \"Báo Lao Động", "Person\", \"name\": \"Minh Khôi")
    assert extract_html(signed, "http://example.org/a").author == "Minh Khôi"


def test_the_sites_own_name_as_author_yields_to_a_printed_byline() -> None:
    """A site naming itself as author (its og:site_name, no publisher given) is the author only of a page that
    prints no other name: a bare signature closing the text wins over it."""
    head = ("<meta property='og:site_name' content='Công đoàn Việt Nam'><script type='application/ld+json'>"
            '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Công đoàn Việt Nam"}}</script></head>')
    html = _page(f"<h1>Trao 120 suất học bổng cho con công nhân</h1><p>{PARA}</p><p>{PARA}</p>").replace("</head>", head)
    assert extract_html(html, "http://example.org/a").author == "Công đoàn Việt Nam"
    signed = html.replace(f"<p>{PARA}</p></div>", f"<p>{PARA}</p><p><b>Ngọc Liêm</b></p></div>")
    assert extract_html(signed, "http://example.org/a").author == "Ngọc Liêm"


def test_a_byline_of_pv_keeps_the_byline_and_names_no_author() -> None:
    html = _page(f"<h1>Khai mạc Giải bóng đá công nhân</h1><p>{PARA}</p><p>{PARA}</p><p><b>PV</b></p>")
    article = extract_html(html, "http://example.org/a")
    assert (article.author, article.byline) == (None, "PV") and "PV" not in article.body.split()


def test_a_related_heading_after_an_unsigned_article_is_no_byline() -> None:
    html = _page(f"<h1>Trao 120 suất học bổng cho con công nhân</h1><p>{PARA}</p><p>{PARA}</p>"
                 "<p>CÁC TIN KHÁC</p><p><a href='/b'>Bàn giao nhà Mái ấm công đoàn</a></p>")  # fmt: skip
    assert extract_html(html, "http://example.org/a").author is None
