from datetime import datetime

import pytest

from vnlang.dates import VIETNAM, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cập nhật lúc 19:56 - 27/12/2020 (GMT +07:00)", datetime(2020, 12, 27, 19, 56, tzinfo=VIETNAM)),
        ("2020-01-04 01:43:30", datetime(2020, 1, 4, 1, 43, 30, tzinfo=VIETNAM)),
        ("Thứ ba, 31 Tháng 12 2019 17:16", datetime(2019, 12, 31, 17, 16, tzinfo=VIETNAM)),
        ("04:51 01/03/2021", datetime(2021, 3, 1, 4, 51, tzinfo=VIETNAM)),
        ("Thứ Hai, 12/10/2020 - 09:15", datetime(2020, 10, 12, 9, 15, tzinfo=VIETNAM)),
        ("Thứ Tư, ngày 5 tháng 3 năm 2021, 08h30", datetime(2021, 3, 5, 8, 30, tzinfo=VIETNAM)),
        ("2019-12-31T17:16:00+07:00", datetime(2019, 12, 31, 17, 16, tzinfo=VIETNAM)),
    ],
)
def test_vietnamese_date_lines(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_utc_timestamp_keeps_its_instant() -> None:
    assert parse_date("2020-10-12T02:15:00Z") == datetime(2020, 10, 12, 9, 15, tzinfo=VIETNAM)


@pytest.mark.parametrize("text", ["Ngày 25.12, tại tỉnh Hoà Bình", "không có ngày", "Tổng số lượt xem 889804"])
def test_no_full_date_gives_none_not_today(text: str) -> None:
    assert parse_date(text) is None
