"""Entities and figures from the three real seed pages: canonical names, roles, provinces old and new."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cleaner.entities import find_entities
from cleaner.entities.figures import find_figures
from cleaner.entities.gazetteer import load_gazetteer
from vnlang.dates import VIETNAM

SEEDS = Path(__file__).parent / "data" / "seeds"


def _seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def _names(text: str, province: str, kind: str) -> set[str]:
    return {e.name for e in find_entities(text, province) if e.type == kind}


def test_chi_lang_seed_people_roles_and_organisations() -> None:
    text = _seed("002")
    people = {e.name: e.role for e in find_entities(text, "Lạng Sơn") if e.type == "person" and e.role}
    assert people["Bế Thị Hòa"] == "Phó Chủ tịch Thường trực LĐLĐ tỉnh"
    assert people["Ngô Quang Trung"] == "Phó Chủ tịch Hội đồng nhân dân huyện Chi Lăng"
    orgs = _names(text, "Lạng Sơn", "organization")
    assert {"Liên đoàn Lao động huyện Chi Lăng", "Liên đoàn Lao động tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn",
            "Hội đồng nhân dân huyện Chi Lăng"} <= orgs  # fmt: skip
    assert "Chi Lăng" in _names(text, "Lạng Sơn", "place")


def test_cue_words_are_not_part_of_names() -> None:
    names = _names("Đ/c Bế Thị Hòa và đồng chí Ngô Quang Trung, ông Hà Văn Bình, bà Lò Thị Mai dự.", "Lạng Sơn", "person")
    assert names == {"Bế Thị Hòa", "Ngô Quang Trung", "Hà Văn Bình", "Lò Thị Mai"}


def test_bac_kan_seed_places_and_federations() -> None:
    text = _seed("000")
    places = {e.name: e for e in find_entities(text, "Bắc Kạn") if e.type == "place"}
    assert {"Hòa Bình", "Bắc Giang", "Phú Thọ", "Thái Nguyên", "Tuyên Quang", "Bắc Kạn", "Yên Bái"} <= set(places)
    assert places["Bắc Kạn"].province_new == "Thái Nguyên"  # merged on 1 July 2025
    assert places["Hòa Bình"].province_new == "Phú Thọ"
    orgs = _names(text, "Bắc Kạn", "organization")
    assert {"Tổng Liên đoàn Lao động Việt Nam", "Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Bắc Kạn"} <= orgs
    assert not any(name.startswith("Tỉnh ủy") for name in orgs)  # "Tỉnh ủy các tỉnh" names no single body


def test_son_la_seed_with_damaged_diacritics() -> None:
    text = _seed("001")
    people = {e.name: e.role for e in find_entities(text, "Sơn La") if e.type == "person"}
    assert set(people) == {"Lò Thị Thủy"} and people["Lò Thị Thủy"].startswith("phó bí thu")
    places = _names(text, "Sơn La", "place")
    assert {"Vân Hồ", "Mộc Châu", "Yên Châu", "Mai Sơn", "Thuận Châu"} <= places  # printed "Mai Son"
    assert "Liên đoàn Lao động tỉnh Sơn La" in _names(text, "Sơn La", "organization")  # a bare "LĐLĐ tỉnh"


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("hỗ trợ 8 tỉ đồng cho", "money", 8_000_000_000), ("22,5 triệu đồng", "money", 22_500_000),
     ("trên 18.000 đoàn viên", "count", 18_000), ("Ngày 25.12, tại", "date", "2020-12-25"),
     ("Ngày 30/12/2019, Liên đoàn", "date", "2019-12-30")],
)  # fmt: skip
def test_figures(text: str, kind: str, value: int | str) -> None:
    figures = find_figures(text, datetime(2020, 12, 27, 19, 56, tzinfo=VIETNAM))
    assert [(f.kind, f.value) for f in figures] == [(kind, value)]


def test_day_month_after_publication_belongs_to_the_year_before() -> None:
    (figure,) = find_figures("Ngày 28.12, công đoàn", datetime(2021, 1, 4, tzinfo=VIETNAM))
    assert figure.value == "2020-12-28"


def test_gazetteer_maps_63_provinces_to_34() -> None:
    gazetteer = load_gazetteer()
    olds = {p.name for p in gazetteer.provinces.values()}
    news = {p.province_new for p in gazetteer.provinces.values()}
    assert len(olds) == 63 and len(news) == 34
    assert gazetteer.province("Hoà Bình") == gazetteer.province("Hòa Bình")
    assert gazetteer.province("TP.HCM").name == "Hồ Chí Minh"
    assert gazetteer.province("Bình Dương").province_new == "Hồ Chí Minh"


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Đồng chí Hà Văn Chiến, Phó Chủ tịch LĐLĐ tỉnh mong muốn gia đình chị Mây sớm ổn định cuộc sống.",
         "Hà Văn Chiến", "Phó Chủ tịch LĐLĐ tỉnh"),
        ("Bà Lê Thị Hạnh, Chủ tịch LĐLĐ huyện Chợ Đồn thăm hỏi, động viên công nhân.",
         "Lê Thị Hạnh", "Chủ tịch LĐLĐ huyện Chợ Đồn"),
        ("Chị Nông Thị Hoa, giáo viên Trường Mầm non xã Bộc Bố huyện Pác Nặm mong được hỗ trợ.",
         "Nông Thị Hoa", "giáo viên Trường Mầm non xã Bộc Bố huyện Pác Nặm"),
        ("Ông Võ Minh Khang, Phó Chủ tịch LĐLĐ TP.HCM nhấn mạnh vai trò của công đoàn.",
         "Võ Minh Khang", "Phó Chủ tịch LĐLĐ TP.HCM"),
        ("Đồng chí Lò Văn Mạnh, phó bí thư tỉnh ủy, dự hội nghị.", "Lò Văn Mạnh", "phó bí thư tỉnh ủy"),
        ("Ông Đinh Văn Tâm, Giám đốc Sở Lao động – Thương binh và Xã hội tỉnh Bắc Kạn mong muốn doanh nghiệp"
         " quan tâm hơn.", "Đinh Văn Tâm", "Giám đốc Sở Lao động – Thương binh và Xã hội tỉnh Bắc Kạn"),
    ],
)  # fmt: skip
def test_a_role_ends_where_the_title_and_its_organisation_end(sentence: str, name: str, role: str) -> None:
    people = {e.name: e.role for e in find_entities(sentence, "Bắc Kạn") if e.type == "person"}
    assert people[name] == role
