"""The PostgreSQL search engine on a real server (tests/backends.py): what the shared contract
(tests/test_search_engine.py) does not reach. Vietnamese as researchers type it, frequencies that
follow deletes and updates, a rebuild swapped in under searches, and the archive on PostgreSQL synced
by two processes at once while a third searches.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from backends import fresh_database
from conftest import REPO

from archive.filters import Filters
from archive.store import Archive, FetchedPage
from archive.tombstones import delete_articles
from cleaner.article import CleanedArticle
from search import lock
from search.analysis import syllables
from search.engine import IndexDocument, IndexUnavailable
from search.postgresql import engine as postgresql_engine
from search.postgresql.engine import PostgresEngine
from search.query import QueryError, SearchRequest
from tests.support.postgres import PostgresServer
from unionnews.indexing import libpq_url, rebuild, sync
from vnlang.dates import VIETNAM
from vnlang.text import fold


def _doc(id: int, title: str, body: str, **fields: object) -> IndexDocument:
    values: dict = {"url": f"https://ldld-hoabinh.example.vn/{id}.html", "site": "ldld-hoabinh",
                    "province": "Hòa Bình", "author": None, "category": None,
                    "published": datetime(2022, 1, id % 28 + 1, 9, tzinfo=VIETNAM), "content_hash": f"{id:064d}"}  # fmt: skip
    return IndexDocument(id=id, title=title, body=body, **{**values, **fields})  # type: ignore[arg-type]


DOCS = [
    _doc(1, "Hoà Bình tổ chức Tháng Công nhân", "LĐLĐ tỉnh Hoà Bình phát động Tháng Công nhân năm 2022."),
    _doc(2, "Thăm hỏi công nhân khu công nghiệp", "Công đoàn cơ sở thăm hỏi công nhân. Hòa Bình, ngày 5/5."),
    _doc(3, "Tập huấn nghiệp vụ", "Liên đoàn Lao động tỉnh Hòa Bình tập huấn cho cán bộ công đoàn cơ sở."),
    _doc(4, "Công nghiệp hóa và người lao động", "Quá trình công nghiệp hóa cần người lao động có tay nghề.",
         author="Bùi Thị Hoà", persons=("Bùi Văn Thuỷ",)),
    _doc(5, "Hội nghị người lao động", "Nguời lao động đuợc ký hợp đồng lao động, co sở thực hiện tốt."),
]


@pytest.fixture
def engine(postgres: PostgresServer) -> Iterator[PostgresEngine]:
    found = PostgresEngine(libpq_url(fresh_database(postgres, migrated=False)))
    found.reset()
    found.add(DOCS)
    yield found
    found.close()


def _ids(engine: PostgresEngine, text: str, **filters: object) -> list[int]:
    return engine.ranked_ids(SearchRequest(text, filters=Filters(**filters)))


def test_accent_free_and_damaged_text_meet(engine: PostgresEngine) -> None:
    assert set(_ids(engine, "cong nhan")) == {1, 2}
    assert set(_ids(engine, "người lao động")) == {4, 5}  # the fifth prints "Nguời"
    assert _ids(engine, "được ký hợp đồng") == [5]  # "đuợc"
    assert set(_ids(engine, "co so")) == {2, 3, 5}


def test_tone_styles_are_one_and_the_exact_spelling_ranks_first(engine: PostgresEngine) -> None:
    assert _ids(engine, "Hoà Bình") == _ids(engine, "Hòa Bình") and set(_ids(engine, "Hòa Bình")) == {1, 2, 3}
    assert _ids(engine, "hóa")[0] == 4  # "hóa" folds onto "hòa" and "hoà": the article with "hóa" itself first
    assert _ids(engine, "hoá")[0] == 4


def test_abbreviations_both_ways_in_and_out_of_phrases(engine: PostgresEngine) -> None:
    for text in ("LĐLĐ tỉnh Hòa Bình", "Liên đoàn Lao động tỉnh Hòa Bình", '"LĐLĐ tỉnh Hòa Bình"',
                 '"liên đoàn lao động tỉnh hoà bình"', '"ldld tinh hoa binh"'):  # fmt: skip
        assert set(_ids(engine, text)) == {1, 3}, text
    assert _ids(engine, '"LĐLĐ Hòa Bình"') == []  # a phrase still needs its words side by side
    with pytest.raises(QueryError, match="more than 6 abbreviations"):
        engine.search(SearchRequest('"' + " ".join(["LĐLĐ"] * 7) + '"'))


def test_a_phrase_stops_at_punctuation_and_between_title_and_body(engine: PostgresEngine) -> None:
    assert set(_ids(engine, "công nhân Hòa Bình")) == {1, 2}  # every word; the second: "… công nhân. Hòa Bình, …"
    assert _ids(engine, '"công nhân Hòa Bình"') == []  # a full stop between: no phrase
    assert _ids(engine, '"khu công nghiệp công đoàn"') == []  # the end of the title, the start of the body


def test_filters_facets_and_suggestions(engine: PostgresEngine) -> None:
    assert _ids(engine, "lao động", author="bui thi hoa") == [4]
    assert _ids(engine, "lao động", persons=("Bùi Văn Thủy",)) == [4]  # tone style of a filter value
    results = engine.search(SearchRequest("công nhân", filters=Filters(date_from=datetime(2022, 1, 3).date())))
    assert results.total == 1 and results.facets["site"] == [("ldld-hoabinh", 1)]
    assert engine.search(SearchRequest("thang cong nhann")).suggestion == "thang cong nhân"  # the unknown word alone


def test_updates_and_deletes_keep_the_frequencies_that_scores_and_suggestions_read(engine: PostgresEngine) -> None:
    engine.add([_doc(2, "Trao quà Tết", "Trao quà Tết Sum vầy cho đoàn viên.")])  # a new version of the second
    assert engine.count() == 5 and _ids(engine, "thăm hỏi") == [] and _ids(engine, "Sum vầy") == [2]
    assert engine.delete([2, 99]) == 1 and engine.count() == 4
    assert engine.search(SearchRequest("Sum vầyy")).suggestion is None  # "vầy" left the index with the article
    frequencies = dict(engine.connection.execute("SELECT term, df FROM unionnews_search.terms WHERE df > 0").fetchall())
    spellings = dict(engine.connection.execute("SELECT term, weight FROM unionnews_search.spellings").fetchall())
    assert spellings["vầy"] == 0 and spellings["hòa"] == 2 + 1 + 1  # the first title (twice) and body, the third body
    expected = Counter(word for doc in DOCS if doc.id != 2
                       for word in {fold(s.text) for text in (doc.title, doc.body) for s in syllables(text)})  # fmt: skip
    assert frequencies == expected


def test_a_rebuild_answers_from_the_old_index_until_it_is_swapped_in(engine: PostgresEngine) -> None:
    other = PostgresEngine(engine.conninfo)  # another process's reader
    with engine.rebuilding() as fresh:
        fresh.add(DOCS[:2])
        assert other.count() == 5 and set(_ids(other, "công nhân")) == {1, 2}
    assert other.count() == 2 and other.is_current() and set(_ids(other, "công nhân")) == {1, 2}
    assert _ids(other, "tập huấn") == []


def test_a_second_writer_waits_for_the_first(engine: PostgresEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgresql_engine, "_LOCK_TIMEOUT", 0.2)
    with engine.writing():
        with pytest.raises(lock.IndexBusy), PostgresEngine(engine.conninfo).writing():
            pass
    with PostgresEngine(engine.conninfo).writing():  # released with its session
        pass


def test_no_index_is_said_not_answered_as_nothing(postgres: PostgresServer) -> None:
    empty = PostgresEngine(libpq_url(fresh_database(postgres, migrated=False)))
    assert not empty.is_current() and empty.count() == 0 and empty.hashes() == {}
    with pytest.raises(IndexUnavailable, match="unionnews index"):
        empty.search(SearchRequest("công đoàn"))


_WRITER = """
import sys
from archive.store import Archive
from search.postgresql.engine import PostgresEngine
from unionnews.indexing import libpq_url, sync
archive = Archive(sys.argv[1])
print(sync(PostgresEngine(libpq_url(sys.argv[1])), archive, batch=40))
"""

_SEARCHER = """
import sys, time
from search.engine import IndexUnavailable
from search.postgresql.engine import PostgresEngine
from search.query import SearchRequest
from unionnews.indexing import libpq_url
engine, totals, deadline = PostgresEngine(libpq_url(sys.argv[1])), [], time.monotonic() + 60
while time.monotonic() < deadline and (not totals or totals[-1] < int(sys.argv[2])):
    try:
        totals.append(engine.search(SearchRequest("công nhân", limit=1)).total)
    except IndexUnavailable:
        totals.append(0)  # before the first batch: no index yet
print(" ".join(map(str, totals)))
"""


def test_two_processes_sync_one_archive_while_a_third_searches(pg_url: str) -> None:
    archive = Archive(pg_url)
    site = archive.ensure_site("ldld-hoabinh", "Hòa Bình")
    for n in range(1, 201):
        url = f"https://ldld-hoabinh.example.vn/{n}.html"
        body = f"Bài {n}: công nhân khu công nghiệp số {n} được Công đoàn thăm hỏi."
        archive.store_page(site, FetchedPage(url, b""), CleanedArticle(url, f"Thăm công nhân số {n}", body))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = [sys.executable, "-c"]
    searcher = subprocess.Popen([*run, _SEARCHER, pg_url, "200"], stdout=subprocess.PIPE, text=True, env=env)
    writers = [subprocess.Popen([*run, _WRITER, pg_url], stdout=subprocess.PIPE, text=True, env=env)
               for _ in range(2)]  # fmt: skip
    done = sorted(int(w.communicate(timeout=120)[0]) for w in writers)
    totals = [int(t) for t in searcher.communicate(timeout=120)[0].split()]
    assert [w.returncode for w in writers] == [0, 0] and searcher.returncode == 0
    assert done == [0, 200]  # the second waited for the first, then found nothing left
    assert totals == sorted(totals) and totals[-1] == 200  # every answer a whole number of committed batches
    assert all(total % 40 == 0 for total in totals)
    engine = PostgresEngine(libpq_url(pg_url))
    assert engine.hashes() == {row_id: h for row_id, h in _archive_hashes(archive).items()}
    updated = f"https://ldld-hoabinh.example.vn/{7}.html"
    archive.store_page(site, FetchedPage(updated, b""), CleanedArticle(updated, "Trao quà Tết", "Tết Sum vầy."))
    assert delete_articles(archive, _ids(engine, '"khu công nghiệp số 8"')) == 1
    assert sync(engine, archive) == 1 and engine.count() == 199
    assert len(_ids(engine, "Sum vầy")) == 1 and _ids(engine, '"khu công nghiệp số 8"') == []
    assert rebuild(engine, archive) == 199 and engine.count() == 199
    archive.close()


def _archive_hashes(archive: Archive) -> dict[int, str]:
    from sqlalchemy import select

    from archive.models import Article

    with archive.session() as session:
        return dict(session.execute(select(Article.id, Article.content_hash)).all())


def test_the_command_line_chooses_the_engine(pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "UNIONNEWS_HOME": str(tmp_path), "PYTHONPATH": str(REPO), "UNIONNEWS_SEARCH": "postgresql"}
    env.pop("UNIONNEWS_DB", None)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "unionnews", *args], capture_output=True, text=True, env=env,
                              cwd=REPO, timeout=120)  # fmt: skip

    refused = cli("search", "công đoàn")  # the default archive is SQLite
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert refused.stderr.startswith("unionnews: error: the PostgreSQL search engine needs an archive on PostgreSQL")
    archive = Archive(pg_url)
    site = archive.ensure_site("ldld-hoabinh", "Hòa Bình")
    url = "https://ldld-hoabinh.example.vn/1.html"
    archive.store_page(site, FetchedPage(url, b""), CleanedArticle(url, "Mái ấm công đoàn", "Trao nhà Mái ấm."))
    archive.close()
    assert "indexed 1 articles" in cli("--db", pg_url, "index").stdout
    found = cli("--db", pg_url, "search", "mai am cong doan", "--json")
    assert found.returncode == 0 and '"title": "Mái ấm công đoàn"' in found.stdout
    assert not (tmp_path / "index").exists()  # nothing on this machine's disk
    embedded = cli("--db", pg_url, "--search", "embedded", "search", "mai am")  # the flag beats the variable
    assert embedded.returncode == 2 and "run `unionnews index`" in embedded.stderr  # that engine has no index here
