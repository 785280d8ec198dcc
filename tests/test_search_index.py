"""The search library on a small archive written through the archive's own storage path."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest

from archive.export import iter_records
from archive.filters import Filters
from archive.store import Archive, FetchedPage
from archive.tombstones import delete_articles
from cleaner.article import CleanedArticle, Entity
from search.embedded.engine import EmbeddedEngine
from search.query import QueryError, SearchRequest
from unionnews.indexing import rebuild, sync
from vnlang.abbreviations import load, parse
from vnlang.dates import VIETNAM

REPO = Path(__file__).resolve().parent.parent


def _entity(kind: str, name: str, text: str | None = None) -> Entity:
    return Entity(type=kind, name=name, text=text or name, start=0, end=0)


# (site, url slug, title, body, published, persons, organizations, places)
ARTICLES = [
    ("ldld-backan", "a1", "Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm",
     "LĐLĐ tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên khó khăn.", "2019-10-18",
     ["Hà Văn Chiến"], ["Liên đoàn Lao động tỉnh Bắc Kạn"], ["Bắc Kạn"]),
    ("ldld-backan", "a2", "Hội nghị tổng kết năm 2020",
     "Mái nhà văn hóa của xã được sửa. Ấm áp tình đồng chí. Công tác công đoàn tiếp tục đổi mới.", "2020-12-20",
     ["Lý Thị Hương"], [], ["Bắc Kạn"]),
    ("ldld-langson", "a3", "Ký kết giao ước thi đua năm 2021",
     "Các công đoàn ngành ký giao uớc thi đua, chăm lo sức khoẻ đoàn viên.", "2021-03-02",
     ["Hoàng Văn Nam"], ["Công đoàn ngành Giáo dục"], ["Lạng Sơn"]),
    ("ldld-langson", "a4", "Tập huấn an toàn vệ sinh lao động",
     "Người lao động tại khu công nghiệp được tập huấn ATVSLĐ. UBND tỉnh Hòa Bình phối hợp.", "2021-06-15",
     ["Hà Văn Chiến"], ["Ủy ban nhân dân tỉnh Hòa Bình"], ["Hòa Bình"]),
    ("ldld-sonla", "a5", "Thăm hỏi công nhân dịp Tết",
     "Hóa chất được kiểm tra tại nhà máy; lao động nữ được chăm lo.", "2022-01-20",
     [], [], ["Sơn La"]),
    ("ldld-sonla", "a6", "Hoà Bình đón đoàn công tác",
     "Đoàn công tác của Liên đoàn Lao động tỉnh Sơn La thăm tỉnh Hoà Bình.", "2018-05-05",
     ["Lò Văn Hòa"], ["Liên đoàn Lao động tỉnh Sơn La"], ["Hòa Bình", "Sơn La"]),
]


def _store(archive: Archive, row: tuple) -> None:
    site, slug, title, body, day, persons, orgs, places = row
    site_id = archive.ensure_site(site, {"ldld-backan": "Bắc Kạn", "ldld-langson": "Lạng Sơn",
                                         "ldld-sonla": "Sơn La"}[site])  # fmt: skip
    entities = tuple(_entity("person", p) for p in persons) + tuple(_entity("organization", o) for o in orgs)
    entities += tuple(_entity("place", p) for p in places)
    published = datetime.fromisoformat(day).replace(hour=9, tzinfo=VIETNAM)
    url = f"https://{site}.example.vn/{slug}.html"
    article = CleanedArticle(url=url, title=title, body=body, published=published, entities=entities)
    archive.store_page(site_id, FetchedPage(url, b"<html></html>"), article)


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    for row in ARTICLES:
        _store(archive, row)
    sync(EmbeddedEngine(tmp_path / "index"), archive)
    archive.close()
    return tmp_path


def _titles(home: Path, text: str, **filters: object) -> list[str]:
    return [h.title for h in EmbeddedEngine(home / "index").search(SearchRequest(text, filters=Filters(**filters))).hits]


def test_abbreviation_and_expansion_find_each_other(home: Path) -> None:
    assert _titles(home, "Liên đoàn Lao động tỉnh Bắc Kạn")[0].startswith("Bàn giao nhà")  # page says "LĐLĐ tỉnh"
    assert "Hoà Bình đón đoàn công tác" in _titles(home, "LĐLĐ tỉnh Sơn La")  # page spells it out
    assert _titles(home, "an toàn vệ sinh lao động") == ["Tập huấn an toàn vệ sinh lao động"]
    assert _titles(home, "ủy ban nhân dân Hoà Bình") == ["Tập huấn an toàn vệ sinh lao động"]


def test_phrase_ranks_above_scattered_syllables_and_must_be_adjacent(home: Path) -> None:
    both = _titles(home, "mái ấm công đoàn")
    assert both[:2] == ["Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm", "Hội nghị tổng kết năm 2020"]
    assert _titles(home, '"mái ấm công đoàn"') == both[:1]


def test_exact_diacritics_first_then_folded(home: Path) -> None:
    titles = _titles(home, "hòa")
    assert set(titles[:2]) == {"Tập huấn an toàn vệ sinh lao động", "Hoà Bình đón đoàn công tác"}
    assert set(titles[2:]) == {"Thăm hỏi công nhân dịp Tết", "Hội nghị tổng kết năm 2020"}  # "hóa": folded only
    assert _titles(home, "Hoà Bình") == _titles(home, "Hòa Bình") == _titles(home, "hoa binh")[:2]


def test_boolean_operators(home: Path) -> None:
    assert set(_titles(home, "Sơn La OR Bắc Kạn")) == {"Hoà Bình đón đoàn công tác",
                                                      "Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm"}  # fmt: skip
    assert set(_titles(home, "công đoàn NOT Bắc Kạn")) == {"Ký kết giao ước thi đua năm 2021",
                                                          "Hội nghị tổng kết năm 2020", "Hoà Bình đón đoàn công tác"}
    assert _titles(home, "công đoàn -(tổng OR giao ước OR Bắc Kạn)") == ["Hoà Bình đón đoàn công tác"]
    assert _titles(home, "(đoàn viên AND khó khăn) OR giao uoc") == ["Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm",
                                                                    "Ký kết giao ước thi đua năm 2021"]  # fmt: skip


@pytest.mark.parametrize("query", ['"unclosed', "(open", "close)", "cong AND", "OR cong", "NOT cong", "   ", "()"])
def test_malformed_queries_raise_query_error(home: Path, query: str) -> None:
    with pytest.raises(QueryError):
        EmbeddedEngine(home / "index").search(SearchRequest(query))


def test_filters_sort_pagination_and_facets(home: Path) -> None:
    index = EmbeddedEngine(home / "index")
    dated = index.search(SearchRequest("đoàn", sort="date", limit=2))
    assert [h.published.year for h in dated.hits] == [2021, 2020] and dated.pages == 2  # type: ignore[union-attr]
    second = index.search(SearchRequest("đoàn", sort="date", limit=2, page=2))
    assert [h.published.year for h in second.hits] == [2019, 2018]  # type: ignore[union-attr]
    ranked = [h.id for p in (1, 2, 3) for h in index.search(SearchRequest("đoàn", limit=2, page=p)).hits]
    assert len(ranked) == len(set(ranked)) == dated.total == 4
    in_2021 = index.search(SearchRequest("cong doan OR lao dong", filters=Filters(
        date_from=datetime(2021, 1, 1).date(), date_to=datetime(2021, 12, 31).date())))  # fmt: skip
    assert {h.published.year for h in in_2021.hits} == {2021} and in_2021.total == 2  # type: ignore[union-attr]
    facets = index.search(SearchRequest("đoàn")).facets
    assert facets["site"] == [("ldld-backan", 2), ("ldld-langson", 1), ("ldld-sonla", 1)]
    assert facets["year"] == [("2021", 1), ("2020", 1), ("2019", 1), ("2018", 1)]
    assert ("Hà Văn Chiến", 1) in facets["person"] and facets["place"][0] == ("Bắc Kạn", 2)
    assert facets["province"][0] == ("Bắc Kạn", 2) and facets["organization"][0][1] == 1


def test_entity_and_province_filters_ignore_diacritics(home: Path) -> None:
    assert set(_titles(home, "tỉnh", persons=("ha van chien",))) == {
        "Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm", "Tập huấn an toàn vệ sinh lao động"}  # fmt: skip
    assert _titles(home, "tỉnh", places=("Hoà Bình",), persons=("Lò Văn Hoà",)) == ["Hoà Bình đón đoàn công tác"]
    assert _titles(home, "đoàn", organizations=("cong doan nganh giao duc",)) == ["Ký kết giao ước thi đua năm 2021"]
    assert set(_titles(home, "tỉnh OR đoàn", province="lang son")) == {"Ký kết giao ước thi đua năm 2021",
                                                              "Tập huấn an toàn vệ sinh lao động"}  # fmt: skip
    assert _titles(home, "tỉnh", persons=("Hà Văn",)) == []  # a canonical name matches whole, not in part


def test_filters_without_query_text_select_every_match_newest_first(home: Path) -> None:
    index = EmbeddedEngine(home / "index")
    found = index.search(SearchRequest(filters=Filters(persons=("ha van chien",))))
    assert [h.title for h in found.hits] == ["Tập huấn an toàn vệ sinh lao động",  # 2021, then 2019
                                             "Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm"]  # fmt: skip
    assert found.total == 2 and found.facets["person"][0] == ("Hà Văn Chiến", 2) and found.suggestion is None
    # the abbreviation a researcher types meets the name the entity rules spelled out
    by_org = index.search(SearchRequest(filters=Filters(organizations=("LĐLĐ tỉnh Bắc Kạn",))))
    assert [h.title for h in by_org.hits] == ["Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm"]
    in_backan = SearchRequest(filters=Filters(province="bac kan"), sort="relevance")
    assert [h.published.year for h in index.search(in_backan).hits] == [2020, 2019]  # type: ignore[union-attr]
    assert index.ranked_ids(in_backan) == [h.id for h in index.search(in_backan).hits]
    with pytest.raises(QueryError, match="empty query"):
        index.search(SearchRequest("  "))


def test_author_facet_counts_each_exact_name_and_filters_to_it(tmp_path: Path) -> None:
    """A facet value, used as the filter, finds exactly the articles it counted: no more, no fewer."""
    authors = ["Ngọc Liêm", "Ngọc Liêm", "Nguyễn Ngọc Liêm", unicodedata.normalize("NFD", "Đỗ Thị  Gấm"),
               "Đỗ Thị Gấm", None, None]  # fmt: skip
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site = archive.ensure_site("ldld-langson", "Lạng Sơn")
    for i, author in enumerate(authors):
        url = f"https://ldld-langson.example.vn/tg-{i}.html"
        published = datetime(2021, 5, i + 1, 8, tzinfo=VIETNAM)
        article = CleanedArticle(url=url, title=f"Tin công đoàn số {i}", body="Hoạt động công đoàn cơ sở.",
                          published=published, author=author)  # fmt: skip
        archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
    index = EmbeddedEngine(tmp_path / "index")
    sync(index, archive)

    results = index.search(SearchRequest("công đoàn"))
    assert results.facets["author"] == [("Đỗ Thị Gấm", 2), ("Ngọc Liêm", 2), ("Nguyễn Ngọc Liêm", 1)]  # Đ after D
    # the two unauthored articles are no facet value, and do not take the place of one
    assert index.search(SearchRequest("công đoàn", facet_limit=1)).facets["author"] == [("Đỗ Thị Gấm", 2)]
    assert sum(h.author is None for h in results.hits) == 2
    for name, count in results.facets["author"]:
        hits = index.search(SearchRequest("công đoàn", filters=Filters(author_name=name))).hits
        assert len(hits) == count and {h.author for h in hits} == {name}
        exported = [r["id"] for r in iter_records(archive, where=Filters(author_name=name))]
        assert sorted(exported) == sorted(h.id for h in hits)  # a download without a query keeps the same
    # the typed author filter matches words, so it also finds "Nguyễn Ngọc Liêm": a facet cannot use it
    assert index.search(SearchRequest("công đoàn", filters=Filters(author="ngoc liem"))).total == 3
    archive.close()


def test_syncs_of_only_undated_or_authorless_articles_keep_every_column_in_place(tmp_path: Path) -> None:
    """A batch where no article has a date or an author writes no such column; later ones must not shift."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    site = archive.ensure_site("ldld-backan", "Bắc Kạn")
    index = EmbeddedEngine(tmp_path / "index")

    def add(slug: str, published: datetime | None, author: str | None) -> None:
        url = f"https://ldld-backan.example.vn/{slug}.html"
        article = CleanedArticle(url=url, title=f"Công đoàn cơ sở {slug}", body="Chăm lo đoàn viên công đoàn.",
                          published=published, author=author)  # fmt: skip
        archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
        sync(index, archive)  # one segment per article

    add("khong-ngay", None, None)
    assert index.search(SearchRequest("công đoàn")).total == 1
    add("co-ngay", datetime(2020, 1, 4, 1, 43, tzinfo=VIETNAM), "Ngọc Liêm")
    add("lai-khong-ngay", None, None)
    results = index.search(SearchRequest("công đoàn", sort="date"))
    assert results.total == 3 and results.hits[0].title == "Công đoàn cơ sở co-ngay"
    assert results.facets["author"] == [("Ngọc Liêm", 1)] and results.facets["year"] == [("2020", 1)]
    in_2020 = index.search(
        SearchRequest("công đoàn", filters=Filters(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)))
    )
    assert [h.title for h in in_2020.hits] == ["Công đoàn cơ sở co-ngay"]
    by_author = index.search(SearchRequest("công đoàn", filters=Filters(author_name="Ngọc Liêm"))).hits
    assert [h.title for h in by_author] == ["Công đoàn cơ sở co-ngay"]
    archive.close()


def test_did_you_mean(home: Path) -> None:
    results = EmbeddedEngine(home / "index").search(SearchRequest("giao uoccc thi đua"))
    assert results.total == 0 and results.suggestion == "giao ước thi đua"
    assert EmbeddedEngine(home / "index").search(SearchRequest("xyzzyqwerty")).suggestion is None


def test_snippets_mark_every_spelling(home: Path) -> None:
    hit = EmbeddedEngine(home / "index").search(SearchRequest("giao ước")).hits[0]
    assert "<mark>giao</mark> <mark>uớc</mark>" in hit.snippet


def test_changes_deletes_and_reextraction_reach_the_index(home: Path) -> None:
    archive = Archive(f"sqlite:///{home / 'archive.sqlite3'}")
    index = EmbeddedEngine(home / "index")
    assert sync(index, archive) == 0
    changed = list(ARTICLES[4])
    changed[3] = "Hóa chất được kiểm tra; công nhân được tặng quà Tết Sum vầy."
    _store(archive, tuple(changed))
    assert sync(index, archive) == 1
    assert _titles(home, "Tết Sum vầy") == ["Thăm hỏi công nhân dịp Tết"]
    target = index.search(SearchRequest("giao ước thi đua")).hits[0].id
    assert delete_articles(archive, [target]) == 1
    assert sync(index, archive) == 0
    assert _titles(home, "giao ước thi đua") == [] and index.count() == len(ARTICLES) - 1
    assert target not in index.hashes()
    archive.close()


def test_two_processes_syncing_at_once_index_each_article_once(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    for row in ARTICLES:
        _store(archive, row)
    archive.close()
    script = (
        "import sys; from archive.store import Archive; from search.embedded.engine import EmbeddedEngine; "
        "from unionnews.indexing import sync; "
        f"a = Archive('sqlite:///{tmp_path / 'archive.sqlite3'}'); print(sync(EmbeddedEngine(sys.argv[1]), a, batch=2))"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "index")], cwd=REPO,
                              stdout=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    counts = [int(p.communicate(timeout=120)[0]) for p in procs]
    assert sorted(counts) == [0, len(ARTICLES)]  # the second waited for the first, then found nothing to do
    index = EmbeddedEngine(tmp_path / "index")
    assert index.count() == len(ARTICLES) and len(index.hashes()) == len(ARTICLES)


def test_curated_abbreviation_list() -> None:
    entries = load()
    assert len(entries.by_short) >= 40
    assert entries.by_short["cnvcld"].long == ("công", "nhân", "viên", "chức", "lao", "động")
    with pytest.raises(ValueError, match="line 1"):
        parse(["LĐLĐ Liên đoàn"])


def test_a_crawl_can_tell_without_whoosh_whether_the_index_is_behind(tmp_path: Path) -> None:
    """unionnews.crawl skips importing the engine when nothing is pending: these two answers decide it."""
    from search.embedded.version import has_current_index

    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    index = EmbeddedEngine(tmp_path / "index")
    assert not has_current_index(index.directory) and not archive.has_unindexed()
    _store(archive, ARTICLES[0])
    assert archive.has_unindexed()
    sync(index, archive)
    assert has_current_index(index.directory) and not archive.has_unindexed()
    _store(archive, (*ARTICLES[0][:3], "Người lao động được chăm lo.", *ARTICLES[0][4:]))  # a changed body
    assert archive.has_unindexed()
    (index.directory / "UNIONNEWS_SCHEMA").write_text("2")  # an index of an older version is rebuilt
    assert not has_current_index(index.directory)
    archive.close()


def test_scores_after_updates_equal_a_fresh_rebuild(tmp_path: Path) -> None:
    """Replaced versions stay in their segments until a merge: they must not count in idf or lengths."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    for row in ARTICLES:
        _store(archive, row)
    updated = EmbeddedEngine(tmp_path / "updated")
    sync(updated, archive)
    for round_ in range(3):  # each article re-extracted with another body, three times over
        for row in ARTICLES:
            _store(archive, (*row[:3], f"{row[3]} Công đoàn cơ sở lần {round_}.", *row[4:]))
        sync(updated, archive)
    fresh = EmbeddedEngine(tmp_path / "fresh")
    rebuild(fresh, archive)
    for text in ("công đoàn", "người lao động", "Hòa Bình", "cong doan co so"):
        got = {h.id: h.score for h in updated.search(SearchRequest(text)).hits}
        want = {h.id: h.score for h in fresh.search(SearchRequest(text)).hits}
        assert got == want and all(score > 0 for score in got.values()), text
    archive.close()
