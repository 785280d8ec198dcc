"""The search engine interface (search.engine), one contract for every engine.

The embedded engine (Whoosh files), the PostgreSQL one (tables in a real PostgreSQL server, started
once per session by tests/backends.py) and the in-memory one of the tests (tests/memory_engine.py)
take the same plain records and must answer alike: matches, filters, facets, date order, updates and
deletes. The app's sync then fills the in-memory engine from a real archive, unchanged.
"""

from __future__ import annotations

import ast
import pickle
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest
from backends import fresh_database
from memory_engine import MemoryEngine

from archive.filters import Filters
from archive.store import Archive, FetchedPage
from archive.tombstones import delete_articles
from cleaner.article import CleanedArticle, Entity
from search.embedded.codec import decode_block, encode_block
from search.embedded.engine import EmbeddedEngine
from search.engine import IndexDocument, SearchEngine, SearchResults
from search.postgresql.engine import PostgresEngine
from search.query import QueryError, SearchRequest
from unionnews.indexing import libpq_url, rebuild, sync
from vnlang.dates import VIETNAM

REPO = Path(__file__).resolve().parent.parent


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=VIETNAM)


DOCS = [
    IndexDocument(1, "https://ldld-backan.example.vn/a1.html", "ldld-backan", "Bắc Kạn",
                  "Bàn giao nhà “Mái ấm công đoàn” ở Pác Nặm",
                  "LĐLĐ tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên khó khăn.", "Ngọc Liêm",
                  "Hoạt động công đoàn", _at("2019-10-18"), "1" * 64, ("Hà Văn Chiến",),
                  ("Liên đoàn Lao động tỉnh Bắc Kạn",), ("Bắc Kạn",)),
    IndexDocument(2, "https://ldld-backan.example.vn/a2.html", "ldld-backan", "Bắc Kạn",
                  "Hội nghị tổng kết năm 2020",
                  "Mái nhà văn hóa được sửa. Công tác công đoàn tiếp tục đổi mới. Ấm áp tình đồng chí.",
                  "Nguyễn Ngọc Liêm", "Tin tức", _at("2020-12-20"), "2" * 64, ("Lý Thị Hương",), (), ("Bắc Kạn",)),
    IndexDocument(3, "https://ldld-langson.example.vn/a3.html", "ldld-langson", "Lạng Sơn",
                  "Ký kết giao ước thi đua năm 2021", "Các công đoàn ngành ký giao uớc thi đua, chăm lo sức khoẻ.",
                  None, "Thi đua khen thưởng", _at("2021-03-02"), "3" * 64, ("Hoàng Văn Nam",),
                  ("Công đoàn ngành Giáo dục",), ("Lạng Sơn",)),
    IndexDocument(4, "https://ldld-sonla.example.vn/a4.html", "ldld-sonla", "Sơn La",
                  "Hoà Bình đón đoàn công tác", "Đoàn công tác của Liên đoàn Lao động tỉnh Sơn La thăm tỉnh Hoà Bình.",
                  "Đỗ Thị Gấm", None, None, "4" * 64, ("Lò Văn Hòa", "Hà Văn Chiến"), (), ("Hòa Bình", "Sơn La")),
]  # fmt: skip


def make_engine(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> SearchEngine:
    if kind == "postgresql":  # a fresh database of the session's server
        return PostgresEngine(libpq_url(fresh_database(request.getfixturevalue("postgres"), migrated=False)))
    return EmbeddedEngine(tmp_path / "index") if kind == "embedded" else MemoryEngine()


@pytest.fixture(params=["embedded", "postgresql", "memory"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    found = make_engine(request.param, request, tmp_path)
    assert not found.is_current() and found.count() == 0 and found.hashes() == {}
    found.reset()
    found.add(DOCS)
    yield found
    found.close()


def _ids(results: SearchResults) -> set[int]:
    return {hit.id for hit in results.hits}


def _find(engine: SearchEngine, text: str, **filters: object) -> set[int]:
    return _ids(engine.search(SearchRequest(text, limit=50, filters=Filters(**filters))))


def test_added_records_are_counted_found_and_shown_as_given(engine: SearchEngine) -> None:
    assert engine.is_current() and engine.count() == 4
    assert engine.hashes() == {doc.id: doc.content_hash for doc in DOCS}
    results = engine.search(SearchRequest("công đoàn"))
    assert _ids(results) == {1, 2, 3, 4} and results.total == 4 and results.pages == 1
    hit = next(h for h in results.hits if h.id == 1)
    assert (hit.url, hit.title, hit.site, hit.province, hit.author, hit.category) == (
        DOCS[0].url, DOCS[0].title, "ldld-backan", "Bắc Kạn", "Ngọc Liêm", "Hoạt động công đoàn")  # fmt: skip
    assert hit.published == DOCS[0].published and hit.score > 0 and "<mark>công</mark>" in hit.snippet
    undated = next(h for h in results.hits if h.id == 4)
    assert undated.published is None and undated.category is None


def test_matching_ignores_diacritics_but_keeps_phrases_and_operators(engine: SearchEngine) -> None:
    assert _find(engine, "cong doan") == _find(engine, "công đoàn")
    assert _find(engine, "giao ước") == {3}  # the page misspells it "giao uớc"
    assert _find(engine, "mái ấm công đoàn") == {1, 2}  # every syllable, anywhere
    assert _find(engine, '"mái ấm công đoàn"') == {1}  # side by side only in the first
    assert _find(engine, "Sơn La OR Pác Nặm") == {1, 4}
    assert _find(engine, "công đoàn -(Bắc Kạn OR thi đua)") == {2, 4}  # the text, not the province
    assert _find(engine, "LĐLĐ tỉnh Sơn La") == {4}  # the page spells the abbreviation out
    with pytest.raises(QueryError):
        engine.search(SearchRequest('"unclosed'))


def test_filters(engine: SearchEngine) -> None:
    assert _find(engine, "công đoàn", sites=("ldld-backan", "ldld-sonla")) == {1, 2, 4}
    assert _find(engine, "công đoàn", province="lang son") == {3}
    assert _find(engine, "công đoàn", persons=("ha van chien",)) == {1, 4}
    assert _find(engine, "công đoàn", persons=("Hà Văn",)) == set()  # a name matches whole
    assert _find(engine, "công đoàn", organizations=("LĐLĐ tỉnh Bắc Kạn",)) == {1}
    assert _find(engine, "công đoàn", places=("Hoà Bình",)) == {4}
    assert _find(engine, "công đoàn", author_name="Ngọc Liêm") == {1}
    assert _find(engine, "công đoàn", author="ngoc liem") == {1, 2}  # every word, diacritics optional
    assert _find(engine, "công đoàn", category="thi dua") == {3}
    assert _find(engine, "công đoàn", date_from=date(2020, 1, 1), date_to=date(2021, 12, 31)) == {2, 3}
    assert _find(engine, "công đoàn", date_to=date(2019, 10, 18)) == {1}  # the whole day, in Vietnam


def test_facets_count_the_matches(engine: SearchEngine) -> None:
    facets = engine.search(SearchRequest("công đoàn")).facets
    assert facets["site"] == [("ldld-backan", 2), ("ldld-langson", 1), ("ldld-sonla", 1)]
    assert facets["province"] == [("Bắc Kạn", 2), ("Lạng Sơn", 1), ("Sơn La", 1)]
    assert facets["year"] == [("2021", 1), ("2020", 1), ("2019", 1)]  # the undated article has none
    # ties in Vietnamese alphabetical order (d before đ before n)
    assert facets["author"] == [("Đỗ Thị Gấm", 1), ("Ngọc Liêm", 1), ("Nguyễn Ngọc Liêm", 1)]
    assert facets["person"][0] == ("Hà Văn Chiến", 2) and len(facets["person"]) == 4
    assert set(facets["place"]) == {("Bắc Kạn", 2), ("Lạng Sơn", 1), ("Hòa Bình", 1), ("Sơn La", 1)}
    in_son_la = SearchRequest("công đoàn", filters=Filters(province="Sơn La"))
    assert engine.search(in_son_la).facets["site"] == [("ldld-sonla", 1)]
    assert engine.search(SearchRequest("công đoàn", facets=False)).facets == {}


def test_ranked_ids_and_pages_follow_one_order(engine: SearchEngine) -> None:
    by_date = SearchRequest("công đoàn", sort="date")
    assert engine.ranked_ids(by_date) == [3, 2, 1, 4]  # newest first, the undated last
    pages = [engine.search(replace(by_date, limit=3, page=page)) for page in (1, 2)]
    assert [h.id for p in pages for h in p.hits] == [3, 2, 1, 4] and pages[0].pages == 2
    relevance = SearchRequest("công đoàn")
    assert sorted(engine.ranked_ids(relevance)) == [1, 2, 3, 4]
    assert engine.ranked_ids(relevance)[0] == engine.search(relevance).hits[0].id
    assert engine.ranked_ids(SearchRequest("xyzzy")) == []
    only_filters = SearchRequest(filters=Filters(places=("Bắc Kạn",)))  # no text: every match, newest first
    assert engine.ranked_ids(only_filters) == [2, 1] == [h.id for h in engine.search(only_filters).hits]


def test_adding_again_replaces_and_delete_removes(engine: SearchEngine) -> None:
    engine.add([replace(DOCS[0], body="Công nhân được tặng quà Tết Sum vầy.", content_hash="9" * 64)])
    assert engine.count() == 4 and engine.hashes()[1] == "9" * 64
    assert _find(engine, "Tết Sum vầy") == {1} and _find(engine, "đoàn viên khó khăn") == set()
    assert engine.delete([3, 10**9]) == 1
    assert engine.count() == 3 and 3 not in engine.hashes() and _find(engine, "giao ước") == set()
    engine.reset()
    assert engine.is_current() and engine.count() == 0 and engine.search(SearchRequest("công đoàn")).total == 0


# A short form in one article, the spelled-out form in another, a company named only under a photo.
HOA_BINH = [
    IndexDocument(5, "https://ldld-hoabinh.example.vn/a5.html", "ldld-hoabinh", "Hòa Bình", "Hội nghị cụm thi đua",
                  "Các đơn vị bầu LĐLĐ tỉnh Hòa Bình làm Trưởng cụm thi đua năm 2021.", None, None, _at("2021-01-05"),
                  "5" * 64, captions=("Quang cảnh hội nghị", "Lãnh đạo Công ty Cổ phần Khoáng sản Bắc Kạn tặng hoa")),
    IndexDocument(6, "https://ldld-hoabinh.example.vn/a6.html", "ldld-hoabinh", "Hòa Bình", "Trao quà Tết",
                  "Liên đoàn Lao động tỉnh Hòa Bình trao quà Tết cho đoàn viên.", None, None, _at("2022-01-20"),
                  "6" * 64),
]  # fmt: skip


def test_abbreviations_match_both_ways_in_phrases_too(engine: SearchEngine) -> None:
    engine.add(HOA_BINH)
    for query in ("LĐLĐ tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Hòa Bình", '"LĐLĐ tỉnh Hòa Bình"',
                  '"Liên đoàn Lao động tỉnh Hòa Bình"', '"lien doan lao dong tinh hoa binh"'):  # fmt: skip
        assert _find(engine, query, sites=("ldld-hoabinh",)) == {5, 6}, query
    assert _find(engine, '"LĐLĐ tỉnh Sơn La"') == {4}  # the phrase still needs its other words side by side
    assert _find(engine, '"Liên đoàn Lao động Hòa Bình"') == set() == _find(engine, '"LĐLĐ Hòa Bình"')


def test_captions_are_searched_and_shown_in_the_snippet(engine: SearchEngine) -> None:
    engine.add(HOA_BINH)
    results = engine.search(SearchRequest("khoáng sản Bắc Kạn"))
    assert [hit.id for hit in results.hits] == [5]
    assert "<mark>Khoáng</mark> <mark>sản</mark> <mark>Bắc</mark> <mark>Kạn</mark>" in results.hits[0].snippet
    assert _find(engine, '"Khoáng sản Bắc Kạn"') == {5} and _find(engine, '"hội nghị Lãnh đạo"') == set()
    body_first = engine.search(SearchRequest("cụm thi đua"))  # the body holds the match: its passage is shown
    assert "Khoáng" not in next(h.snippet for h in body_first.hits if h.id == 5)


def test_posting_blocks_are_plain_bytes_that_name_no_module() -> None:
    ids = np.array([3, 7, 300, 70_000])
    data = encode_block(ids, np.array([1, 2, 1, 5], dtype=np.float32), [], 0)
    assert data.startswith(b"UNB1") and b"search" not in data
    with pytest.raises(pickle.UnpicklingError):
        pickle.loads(data)
    block = decode_block(data)
    assert np.cumsum(block.deltas).tolist() == ids.tolist()
    assert block.weights.tolist() == [1, 2, 1, 5]  # type: ignore[union-attr]
    same = decode_block(encode_block(ids, np.full(4, 2.5, dtype=np.float32), [b"a", b"", b"bc", b"d"], None))
    assert same.weights == 2.5 and same.values == (b"a", b"", b"bc", b"d")


def _store(archive: Archive, doc: IndexDocument) -> None:
    site = archive.ensure_site(doc.site, doc.province)
    entities = tuple(Entity(type=kind, name=name, text=name, start=0, end=0)
                     for kind, names in (("person", doc.persons), ("organization", doc.organizations),
                                         ("place", doc.places)) for name in names)  # fmt: skip
    article = CleanedArticle(url=doc.url, title=doc.title, body=doc.body, published=doc.published, author=doc.author,
                      category=doc.category, entities=entities)  # fmt: skip
    archive.store_page(site, FetchedPage(doc.url, b"<html></html>"), article)


def test_the_archive_sync_runs_on_any_engine(tmp_path: Path) -> None:
    """unionnews.indexing fills the in-memory engine from a real SQLite archive, and it answers as the
    embedded engine filled by the same code does."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    for doc in DOCS:
        _store(archive, doc)
    memory, embedded = MemoryEngine(), EmbeddedEngine(tmp_path / "index")
    assert sync(memory, archive) == 4 and sync(memory, archive) == 0
    assert sync(embedded, archive) == 4  # an engine without an index: everything again
    assert rebuild(memory, archive) == 4 and sync(embedded, archive) == 0
    for text, filters in (("công đoàn", {}), ("cong doan", {"persons": ("Hà Văn Chiến",)}),
                          ("đoàn", {"organizations": ("LĐLĐ tỉnh Bắc Kạn",)}), ("tỉnh", {"province": "son la"})):  # fmt: skip
        request = SearchRequest(text, sort="date", filters=Filters(**filters))
        assert memory.ranked_ids(request) == embedded.ranked_ids(request), text
        assert memory.search(request).facets == embedded.search(request).facets, text
    assert memory.hashes() == embedded.hashes()
    _store(archive, replace(DOCS[1], body="Công nhân được tặng quà Tết Sum vầy."))
    target = memory.ranked_ids(SearchRequest("giao ước"))[0]
    assert delete_articles(archive, [target]) == 1
    assert sync(memory, archive) == 1
    assert memory.count() == 3 and target not in memory.hashes()
    assert [h.title for h in memory.search(SearchRequest("Tết Sum vầy")).hits] == [DOCS[1].title]
    archive.close()


def test_whoosh_stays_in_the_embedded_engine_and_search_takes_only_the_filter_table_from_the_archive() -> None:
    """The layers are tests/test_layers.py's; these two narrow them further."""
    for package in ("archive", "cleaner", "crawler", "search", "unionnews", "vnlang"):
        for path in (REPO / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
            names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
            tops = {name.split(".")[0] for name in names}
            assert "whoosh" not in tops or "embedded" in path.parts, path
            if package == "search":  # no rows, no store: records come in through search.engine
                assert {name for name in names if name.split(".")[0] == "archive"} <= {"archive.filters"}, path
