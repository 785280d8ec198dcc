"""Relations (person, post, organisation, status) and the rules the issue named, on examples of our own.

The held-out set measures the rules; these sentences (written for this file, in the register of union news)
pin the constructions: a post before the name, one or several after a comma, verbs of office for a list of
names, "nguyên"/"tân", a bare "LĐLĐ tỉnh" made the site's province, and "Công đoàn cơ sở Khối" left unnamed.
"""

from __future__ import annotations

from datetime import datetime

from cleaner.article import CleanedArticle
from cleaner.entities import annotate, find_entities
from cleaner.entities.relations import Relation, find_relations
from vnlang.dates import VIETNAM


def _relations(text: str, province: str) -> set[tuple[str, str, str, str]]:
    found = find_relations(text, province, find_entities(text, province))
    return {(r.person, r.post, r.organization, r.status) for r in found}


def test_post_before_the_name_makes_the_chairman_a_person() -> None:
    text = "Sáng 3/4, Chủ tịch LĐLĐ tỉnh Hoàng Minh Tuấn chủ trì hội nghị sơ kết quý I."
    people = {e.name: e.role for e in find_entities(text, "Cao Bằng") if e.type == "person"}
    assert people == {"Hoàng Minh Tuấn": "Chủ tịch LĐLĐ tỉnh"}
    assert _relations(text, "Cao Bằng") == {("Hoàng Minh Tuấn", "Chủ tịch", "Liên đoàn Lao động tỉnh Cao Bằng", "current")}


def test_several_posts_after_the_name_each_give_a_relation() -> None:
    text = "Dự có đồng chí Đỗ Văn Khải, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh và bà Nông Thị Hạnh, Phó Chủ tịch Thường trực LĐLĐ tỉnh."
    assert _relations(text, "Hà Giang") == {
        ("Đỗ Văn Khải", "Phó Bí thư", "Tỉnh ủy Hà Giang", "current"),
        ("Đỗ Văn Khải", "Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang", "current"),
        ("Nông Thị Hạnh", "Phó Chủ tịch Thường trực", "Liên đoàn Lao động tỉnh Hà Giang", "current"),
    }


def test_former_and_new_posts() -> None:
    text = (
        "Hội nghị có ông Vương Đình Lộc, nguyên Chủ tịch LĐLĐ tỉnh Hà Tây. Ông Tạ Quốc Bảo, Phó Chủ tịch LĐLĐ tỉnh, "
        "được bầu giữ chức Chủ tịch LĐLĐ tỉnh. Phát biểu nhận nhiệm vụ, tân Chủ tịch LĐLĐ tỉnh Tạ Quốc Bảo cảm ơn."
    )
    assert _relations(text, "Hà Nam") == {
        ("Vương Đình Lộc", "Chủ tịch", "Liên đoàn Lao động tỉnh Hà Tây", "former"),
        ("Tạ Quốc Bảo", "Phó Chủ tịch", "Liên đoàn Lao động tỉnh Hà Nam", "current"),
        ("Tạ Quốc Bảo", "Chủ tịch", "Liên đoàn Lao động tỉnh Hà Nam", "new"),
    }


def test_a_post_for_a_list_of_names() -> None:
    text = "Các đồng chí Lù Văn Páo, Giàng Thị Dua và Sùng A Chớ được chỉ định giữ chức Phó Chủ tịch LĐLĐ tỉnh."
    assert {(r[0], r[3]) for r in _relations(text, "Lai Châu")} == {
        ("Lù Văn Páo", "new"), ("Giàng Thị Dua", "new"), ("Sùng A Chớ", "new")
    }  # fmt: skip


def test_occupations_and_unnamed_bodies_give_no_relation() -> None:
    text = "Chị Vàng Thị Mỷ, công nhân Công ty TNHH May Tân Phong, và anh Lò Văn Tươi, Chủ tịch công đoàn cơ sở, nhận quà."
    assert _relations(text, "Sơn La") == set()


def test_an_unnamed_grouping_is_no_organisation() -> None:
    text = "Công đoàn cơ sở Khối cơ quan ở các xã đều tổ chức đối thoại; Công đoàn Trường Tiểu học Na Sang cũng vậy."
    orgs = {e.name for e in find_entities(text, "Điện Biên") if e.type == "organization"}
    assert "Công đoàn Trường Tiểu học Na Sang" in orgs
    assert not any(name.startswith("Công đoàn cơ sở Khối") for name in orgs)


def test_annotate_dates_relations_and_notes_the_successor_province() -> None:
    body = "Ông Hà Văn Thụ, Chủ tịch LĐLĐ tỉnh, dự lễ trao nhà Mái ấm Công đoàn."
    article = CleanedArticle("https://example.vn/a", "Trao nhà Mái ấm Công đoàn", body, datetime(2020, 12, 27, 8, tzinfo=VIETNAM))
    relations = annotate(article, "Bắc Kạn").relations
    assert relations == (
        Relation("Hà Văn Thụ", "Chủ tịch", "Liên đoàn Lao động tỉnh Bắc Kạn", "current", "Bắc Kạn", "Thái Nguyên", "2020-12-27"),
    )


def test_industrial_parks_keep_their_numbers_and_lists_split() -> None:
    text = "Công nhân các KCN Nhơn Trạch 3, Long Thành và Khu công nghiệp Thăng Long II đều được hỗ trợ."
    places = {e.name for e in find_entities(text, "Đồng Nai") if e.type == "place"}
    assert places == {"Khu công nghiệp Nhơn Trạch 3", "Khu công nghiệp Long Thành", "Khu công nghiệp Thăng Long II"}
    text = "Các khu công nghiệp ở tỉnh đều có nhà trọ; Ban Quản lý Khu kinh tế tỉnh làm việc tại KCN VSIP Nghệ An."
    assert {e.name for e in find_entities(text, "Nghệ An") if e.type == "place"} == {"Khu công nghiệp VSIP Nghệ An"}


def test_a_given_name_is_no_place_and_chu_tich_is_no_chu() -> None:
    text = "Chủ tịch công đoàn Nguyễn Thị Thanh Hà trao quà tại huyện Lục Ngạn."
    places = {e.name for e in find_entities(text, "Bắc Giang") if e.type == "place"}
    assert places == {"Lục Ngạn"}


def test_an_organ_stays_in_the_post_and_the_committee_is_the_body() -> None:
    text = "Dự có bà Lò Thị Hằng, Trưởng Ban Dân vận Tỉnh ủy và ông Vũ Văn Quế, Trưởng Ban Nữ công LĐLĐ tỉnh."
    assert _relations(text, "Hưng Yên") == {
        ("Lò Thị Hằng", "Trưởng Ban Dân vận", "Tỉnh ủy Hưng Yên", "current"),
        ("Vũ Văn Quế", "Trưởng Ban Nữ công", "Liên đoàn Lao động tỉnh Hưng Yên", "current"),
    }


def test_foreign_names_titles_and_commune_bodies() -> None:
    text = (
        "Thay mặt Đoàn Chủ tịch, đồng chí Phó Bí thư Tỉnh ủy phát biểu. Ông Park Jun-seo, Tổng Giám đốc Công ty TNHH "
        "Sejin Vina, bà H'Linh Êban, Phó Chủ tịch UBND xã An Ninh Đông, Chủ tịch Công đoàn các KCN tỉnh, cùng dự."
    )
    people = {e.name for e in find_entities(text, "Hưng Yên") if e.type == "person"}
    assert people == {"Park Jun-seo", "H'Linh Êban"}
    assert _relations(text, "Hưng Yên") == {
        ("Park Jun-seo", "Tổng Giám đốc", "Công ty TNHH Sejin Vina", "current"),
        ("H'Linh Êban", "Phó Chủ tịch", "Ủy ban nhân dân xã An Ninh Đông", "current"),
        ("H'Linh Êban", "Chủ tịch", "Công đoàn các Khu công nghiệp tỉnh Hưng Yên", "current"),
    }
