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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16/06/2023 5:02:11 CH", datetime(2023, 6, 16, 17, 2, 11, tzinfo=VIETNAM)),  # .NET vi-VN: chiều
        ("14/12/2017 9:20:18 SA", datetime(2017, 12, 14, 9, 20, 18, tzinfo=VIETNAM)),  # sáng
        ("02/11/2020 12:40:55 SA", datetime(2020, 11, 2, 0, 40, 55, tzinfo=VIETNAM)),  # past midnight
        ("02/11/2020 12:40:55 CH", datetime(2020, 11, 2, 12, 40, 55, tzinfo=VIETNAM)),  # past noon
        ("2020-01-04 1:43:30 PM", datetime(2020, 1, 4, 13, 43, 30, tzinfo=VIETNAM)),
    ],
)
def test_twelve_hour_clocks_become_24_hour(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2022 14:12157 Lượt xem",  # <span>14:12</span><span>157 Lượt xem</span>: no space between
        "15/03/2022 14:12 | Lượt xem: 157",
        "15/03/2022 14:12 - 157 lượt đọc",
    ],
)
def test_time_before_a_view_counter(text: str) -> None:
    assert parse_date(text) == datetime(2022, 3, 15, 14, 12, tzinfo=VIETNAM)


def test_utc_timestamp_keeps_its_instant() -> None:
    assert parse_date("2020-10-12T02:15:00Z") == datetime(2020, 10, 12, 9, 15, tzinfo=VIETNAM)


@pytest.mark.parametrize("text", ["Ngày 25.12, tại tỉnh Hoà Bình", "không có ngày", "Tổng số lượt xem 889804"])
def test_no_full_date_gives_none_not_today(text: str) -> None:
    assert parse_date(text) is None
