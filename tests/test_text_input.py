"""`unionnews extract --text`: the seed pages, already text, come out with the right headline, date and author.

Rule under test (cleaner/text.py): the headline is the line next to the date line, the one just
before it when it reads as a headline (seeds 000 and 001), else the one after it (seed 002, where a
long slogan stands before the date line).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli

SEEDS = REPO / "tests" / "data" / "seeds"

EXPECTED = {
    "000_dcc69a63d66204ac.txt": (
        "Ngày 25.12, tại tỉnh Hoà Bình, Cụm thi đua Liên đoàn Lao động 7 tỉnh Trung du và miền núi phía Bắc tổ chức "
        "Hội nghị Tổng kết hoạt động Cụm thi đua năm 2020 và triển khai phương hướng nhiệm vụ năm 2021",
        "2020-12-27T19:56:00+07:00",
        "Ngọc Liêm",
        "Ngọc Liêm",
    ),
    "001_23b9659c8d92a69a.txt": (
        "Khối thi đua khu vực I tổng kết phong trào thi đua năm 2019, triển khai nhiệm vụ năm 2020",
        "2020-01-04T01:43:30+07:00",
        "Thu Hiền",
        "Thu Hiền",
    ),
    "002_a50bae05b9ac2406.txt": (
        "LĐLĐ huyện Chi Lăng tổng kết công tác năm 2019, triển khai nhiệm vụ năm 2020",
        "2019-12-31T17:16:00+07:00",
        "Đỗ Thị Gấm",
        "Tin, ảnh: Đỗ Thị Gấm",
    ),
}

FURNITURE = ("bk5.jpg", "NHIỆT LIỆT CHÀO MỪNG", "Menu", "Thống kê truy cập", "Tổng số lượt xem", "Hôm qua",
             "Liên kết website", "Xây dựng giai cấp Công nhân", "ảnh chi lăng", "Tin, ảnh", "LĐLĐ tỉnh\n")  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_text_gives_title_date_author(tmp_path: Path, name: str) -> None:
    title, published, author, byline = EXPECTED[name]
    record = json.loads(run_cli("extract", "--text", str(SEEDS / name), "--url", "http://example.org/a", home=tmp_path).stdout)
    assert (record["title"], record["published"], record["author"], record["byline"]) == (title, published, author, byline)
    body = record["body"] + "\n"
    assert not [noise for noise in FURNITURE if noise in body]
    assert record["body"].startswith(("Cụm thi đua LĐLĐ 7 tỉnh", "Ngày 2.1, khối thi đua", "Ngày 30/12/2019"))


def test_captions_are_set_apart_in_text(tmp_path: Path) -> None:
    record = json.loads(run_cli("extract", "--text", str(SEEDS / "000_dcc69a63d66204ac.txt"), home=tmp_path).stdout)
    assert record["captions"] == [
        "Hội nghị thảo luận",
        "Cụm thi đua LĐLĐ 7 tỉnh Trung du và miền núi phía Bắc ký kết giao ước thi đua năm 2021",
    ]
    assert "Hội nghị thảo luận" not in record["body"]


def test_text_without_a_date_has_no_date(tmp_path: Path) -> None:
    page = tmp_path / "nodate.txt"
    page.write_text(
        "Trang chủ\nTin tức\n"
        "Công đoàn ngành Giáo dục tổ chức hội thi giáo viên dạy giỏi năm 2022\n"
        + "Sáng 15/3, Công đoàn ngành Giáo dục tỉnh tổ chức hội thi giáo viên dạy giỏi cấp tỉnh cho 120 giáo viên "
        "đến từ các trường trung học cơ sở và trung học phổ thông trên địa bàn tỉnh.\n"
        "Hội thi nhằm tạo sân chơi bổ ích, giúp đoàn viên trao đổi kinh nghiệm giảng dạy.\nMinh Châu\n",
        encoding="utf-8",
    )
    record = json.loads(run_cli("extract", "--text", str(page), home=tmp_path).stdout)
    assert record["title"] == "Công đoàn ngành Giáo dục tổ chức hội thi giáo viên dạy giỏi năm 2022"
    assert record["published"] is None and record["author"] == "Minh Châu"


def test_text_that_is_not_an_article_is_one_line_of_error(tmp_path: Path) -> None:
    page = tmp_path / "junk.txt"
    page.write_bytes(b"\xff\xfe\x00\x81 menu")
    result = run_cli("extract", "--text", str(page), home=tmp_path, check=False)
    assert result.returncode == 2 and result.stderr.startswith("unionnews: error:")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
