import pytest

from cleaner.byline import parse_byline


@pytest.mark.parametrize(
    ("printed", "author"),
    [
        ("Ngọc Liêm", "Ngọc Liêm"),
        ("Tin, ảnh: Đỗ Thị Gấm", "Đỗ Thị Gấm"),
        ("Bài và ảnh: Hoàng Văn Nam", "Hoàng Văn Nam"),
        ("Tin và ảnh: Nguyễn Thị Mai", "Nguyễn Thị Mai"),
        ("Theo Báo Lao Động", "Báo Lao Động"),
        ("Ban TG", "Ban TG"),
        ("Thu Hà (LĐLĐ huyện Đại Từ)", "Thu Hà"),
        ("Ban Tuyên giáo", "Ban Tuyên giáo"),  # a department signs in sentence case
        ("Ban Chính sách - Pháp luật", "Ban Chính sách - Pháp luật"),
        ("Tin, ảnh: Văn phòng LĐLĐ tỉnh", "Văn phòng LĐLĐ tỉnh"),
    ],
)
def test_bylines(printed: str, author: str) -> None:
    assert parse_byline(printed) == (author, printed)


@pytest.mark.parametrize(
    "line",
    ["LĐLĐ tỉnh", "Hội nghị thảo luận", "Các đại biểu dự hội nghị.", "Đang truy cập 1", "Thống kê truy cập",
     "CÁC TIN KHÁC", "TIN LIÊN QUAN", "Ban Tổ chức cho biết", "Văn phòng"],
)
def test_sentences_and_labels_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize("printed", ["PV", "Nhóm PV", "PV - CTV", "Tin, ảnh: PV", "Phóng viên"])
def test_a_reporter_unnamed_is_a_byline_without_an_author(printed: str) -> None:
    """"PV" (phóng viên) signs for the newsroom: printed, and taken out of the body, but nobody's name."""
    assert parse_byline(printed) == (None, printed)
