"""Timelines merged from stored relations (real SQLite archive): first/last dated mention, the articles as
evidence, a former post ending a timeline, and one name in two provinces kept as two people."""

from __future__ import annotations

from datetime import datetime

import pytest

from archive.store import Archive, FetchedPage, Outcome
from archive.timelines import find_entity, organization_timeline, person_timelines, profile
from cleaner.article import CleanedArticle
from cleaner.entities import annotate
from vnlang.dates import VIETNAM

ARTICLES = [  # (site, province, day, title, body)
    ("ldld-tuyenquang", "Tuyên Quang", "2019-03-02", "Hội nghị Ban Chấp hành",
     "Ông Ma Văn Khuê, Phó Chủ tịch LĐLĐ tỉnh, được bầu giữ chức Chủ tịch LĐLĐ tỉnh khóa XVII."),
    ("ldld-tuyenquang", "Tuyên Quang", "2021-05-10", "Tháng Công nhân",
     "Chủ tịch LĐLĐ tỉnh Ma Văn Khuê phát động Tháng Công nhân tại Khu công nghiệp Long Bình An."),
    ("ldld-thainguyen", "Thái Nguyên", "2024-11-20", "Gặp mặt cán bộ công đoàn hưu trí",
     "Dự có ông Ma Văn Khuê, nguyên Chủ tịch LĐLĐ tỉnh Tuyên Quang, và bà Vừ Thị Dính, Phó Chủ tịch LĐLĐ tỉnh."),
    ("ldld-hanam", "Hà Nam", "2022-08-01", "Trao nhà Mái ấm Công đoàn",
     "Ông Ma Văn Khuê, Trưởng Ban Nữ công LĐLĐ tỉnh, trao nhà Mái ấm Công đoàn tại xã Thanh Sơn."),
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive(f"sqlite:///{tmp_path_factory.mktemp('timelines') / 'a.sqlite3'}")
    for i, (site, province, day, title, body) in enumerate(ARTICLES):
        site_id = archive.ensure_site(site, province)
        url = f"http://{site}.example.vn/tin-tuc/{i}.html"
        cleaned = CleanedArticle(url, title, body, datetime.fromisoformat(day).replace(hour=9, tzinfo=VIETNAM))
        page = FetchedPage(url, body.encode(), headers={"Content-Type": "text/html"})
        assert archive.store_page(site_id, page, annotate(cleaned, province)) is Outcome.NEW
    yield archive
    archive.close()


def test_a_person_timeline_has_first_and_last_mentions_and_a_former_post_ends_it(archive: Archive) -> None:
    with archive.session() as session:
        person = find_entity(session, "person", "Ma Văn Khuê")
        identities = person_timelines(session, person.id)
    # Tuyên Quang (2019, 2021, and the Thái Nguyên article naming the Tuyên Quang federation) and Hà Nam: two people.
    assert [i.provinces for i in identities] == [["Thái Nguyên", "Tuyên Quang"], ["Hà Nam", "Ninh Bình"]]  # Hà Nam: since 2025 in Ninh Bình
    posts = {(t.post, t.organization): t for t in identities[0].tenures}
    chair = posts["Chủ tịch", "Liên đoàn Lao động tỉnh Tuyên Quang"]
    assert (str(chair.first), str(chair.last), str(chair.started), str(chair.ended)) == (
        "2019-03-02", "2021-05-10", "2019-03-02", "2024-11-20"
    )  # fmt: skip
    assert [e.title for e in chair.evidence] == ["Hội nghị Ban Chấp hành", "Tháng Công nhân", "Gặp mặt cán bộ công đoàn hưu trí"]
    deputy = posts["Phó Chủ tịch", "Liên đoàn Lao động tỉnh Tuyên Quang"]
    assert deputy.record()["open"] and deputy.last == deputy.first
    assert [(t.post, t.organization, t.record()["open"]) for t in identities[1].tenures] == [
        ("Trưởng Ban Nữ công", "Liên đoàn Lao động tỉnh Hà Nam", True)
    ]
    assert {(e["province"], e["province_new"]) for e in identities[1].tenures[0].record()["evidence"]} == {("Hà Nam", "Ninh Bình")}


def test_an_organisation_lists_who_held_its_posts(archive: Archive) -> None:
    with archive.session() as session:
        body = find_entity(session, "organization", "Liên đoàn Lao động tỉnh Thái Nguyên")
        tenures = organization_timeline(session, body.id)
        record = profile(session, body)
    assert [(t.person, t.post, str(t.first)) for t in tenures] == [("Vừ Thị Dính", "Phó Chủ tịch", "2024-11-20")]
    assert record["articles_per_month"] == [{"month": "2024-11", "articles": 1}]
    assert [p["name"] for p in record["co_mentioned"]["person"]] == ["Ma Văn Khuê", "Vừ Thị Dính"]
