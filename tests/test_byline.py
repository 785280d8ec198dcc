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
    ],
)
def test_bylines(printed: str, author: str) -> None:
    assert parse_byline(printed) == (author, printed)


@pytest.mark.parametrize(
    "line", ["LĐLĐ tỉnh", "Hội nghị thảo luận", "Các đại biểu dự hội nghị.", "Đang truy cập 1", "Thống kê truy cập"]
)
def test_sentences_and_labels_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None
