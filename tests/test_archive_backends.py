"""The archive on SQLite and on a real PostgreSQL server: storage, export, entities, indexing, workers.

Every test taking `db_url` runs twice, once per backend (tests/backends.py).
"""

from __future__ import annotations

import multiprocessing
import unicodedata
from collections import Counter
from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, select, text

from archive.entities import EntityRow, Mention
from archive.export import iter_records, load_schema
from archive.ingest import process_page
from archive.models import Article, RawPage, Site
from archive.store import Archive, FetchedPage, Outcome
from archive.repeated import RepeatedBlock, RepeatedBlockPage, learn_repeated_blocks
from archive.tombstones import delete_articles
from cleaner import extract_html
from cleaner.article import CleanedArticle
from cleaner.entities import annotate
from cleaner.repeated import RepeatedBlocks, fingerprint
from crawler.sites import load_profiles
from search.embedded.engine import EmbeddedEngine
from search.query import SearchRequest
from unionnews.demo.content import load_sites
from unionnews.demo.routes import SiteApp
from unionnews.indexing import sync
from vnlang.dates import VIETNAM

DEMO_JOOMLA = load_profiles().get("demo-joomla")


def joomla_pages() -> list[FetchedPage]:
    """The seven demo-joomla article pages, rendered as the demo server serves them."""
    app = SiteApp(load_sites()["demo-joomla"], DEMO_JOOMLA.base_url)
    pages = []
    for article in app.site.articles:
        path = app.urls.article(article)
        response = app.respond(path)
        pages.append(FetchedPage(DEMO_JOOMLA.base_url + path, response.body, headers={"Content-Type": response.content_type}))
    return pages


def store_all(archive: Archive, pages: list[FetchedPage]) -> list[Outcome]:
    site_id = archive.ensure_site(DEMO_JOOMLA.name, DEMO_JOOMLA.province, DEMO_JOOMLA.base_url)
    return [process_page(archive, site_id, page, DEMO_JOOMLA.selectors) for page in pages]


def counts(archive: Archive) -> tuple[int, int, int, int]:
    with archive.session() as session:
        return (
            session.scalar(select(func.count(Site.id))) or 0,
            session.scalar(select(func.count(RawPage.id))) or 0,
            session.scalar(select(func.count(Article.id))) or 0,
            session.scalar(select(func.count(Mention.id))) or 0,
        )


def test_storing_is_idempotent_and_updates_only_changed_articles(db_url: str) -> None:
    archive = Archive(db_url)
    pages = joomla_pages()
    assert store_all(archive, pages) == [Outcome.NEW] * 7
    first = counts(archive)
    assert first[:3] == (1, 7, 7) and first[3] > 0
    assert store_all(archive, pages) == [Outcome.UNCHANGED] * 7
    assert counts(archive) == first
    added = "Công đoàn cơ sở trao 20 suất quà cho đoàn viên khó khăn."
    edited = FetchedPage(pages[0].url + "#binh-luan", pages[0].body.replace(b"</p>", f" {added}</p>".encode(), 1),
                         headers=pages[0].headers)  # fmt: skip
    assert store_all(archive, [edited]) == [Outcome.UPDATED]
    assert counts(archive)[:3] == (1, 7, 7)  # the same canonical URL: the row changed, no second row
    with archive.session() as session:
        bodies = {a.url: a.body for a in session.scalars(select(Article))}
    assert [url for url, body in bodies.items() if added in body] == [pages[0].url]
    archive.close()


def test_a_page_without_an_article_is_kept_with_its_error(db_url: str) -> None:
    archive = Archive(db_url)
    site_id = archive.ensure_site("demo-joomla")
    junk = FetchedPage("http://127.0.0.1:8472/menu", "<html><body><ul><li>Trang chủ</li></ul></body></html>".encode())
    assert process_page(archive, site_id, junk) is Outcome.FAILED
    with archive.session() as session:
        raw = session.scalars(select(RawPage)).one()
        assert raw.error and session.scalar(select(func.count(Article.id))) == 0
    assert archive.raw_body(raw).startswith(b"<html>")
    archive.close()


def test_export_records_validate_and_keep_vietnam_time(db_url: str) -> None:
    archive = Archive(db_url)
    store_all(archive, joomla_pages())
    records = list(iter_records(archive))
    assert len(records) == 7 and {r["province"] for r in records} == {"Lạng Sơn"}
    schema = load_schema()
    for record in records:
        jsonschema.validate(record, schema)
        assert record["published"].endswith("+07:00")
        assert unicodedata.is_normalized("NFC", record["title"] + record["body"])
    archive.close()


def test_entities_are_rows_once_per_name(db_url: str) -> None:
    archive = Archive(db_url)
    store_all(archive, joomla_pages())
    with archive.session() as session:
        people = session.scalars(select(EntityRow).where(EntityRow.type == "person", EntityRow.key == "be thi hoa")).all()
        assert [p.name for p in people] == ["Bế Thị Hòa"]
        mentions = session.scalars(select(Mention).where(Mention.entity_id == people[0].id)).all()
        article = session.get_one(Article, mentions[0].article_id)
        assert any(article.body[m.start : m.end] == m.text for m in mentions if m.field == "body")
        duplicates = session.execute(
            select(EntityRow.type, EntityRow.name).group_by(EntityRow.type, EntityRow.name).having(func.count() > 1)
        ).all()
        assert duplicates == []
    archive.close()


def test_the_index_follows_the_archive(db_url: str, tmp_path: Path) -> None:
    archive = Archive(db_url)
    pages = joomla_pages()
    store_all(archive, pages)
    index = EmbeddedEngine(tmp_path / "index")
    assert sync(index, archive) == 7 and sync(index, archive) == 0
    hits = index.search(SearchRequest("cong doan Chi Lang", facets=False)).hits
    assert hits and all(hit.site == "demo-joomla" for hit in hits)
    edited = FetchedPage(pages[1].url, pages[1].body.replace(b"</p>", " Mường Lò.</p>".encode(), 1),
                         headers=pages[1].headers)  # fmt: skip
    assert store_all(archive, [edited]) == [Outcome.UPDATED]
    assert sync(index, archive) == 1
    assert index.search(SearchRequest("Muong Lo", facets=False)).total == 1
    gone = index.search(SearchRequest("Muong Lo", facets=False)).hits[0].id
    assert delete_articles(archive, [gone]) == 1
    sync(index, archive)
    assert index.search(SearchRequest("Muong Lo", facets=False)).total == 0 and index.count() == 6
    index.close()
    archive.close()


def _worker(db_url: str, pages: list[tuple[FetchedPage, CleanedArticle]], barrier: Barrier, results: Queue) -> None:
    archive = Archive(db_url)
    site_id = archive.ensure_site(DEMO_JOOMLA.name, DEMO_JOOMLA.province, DEMO_JOOMLA.base_url)
    barrier.wait(timeout=60)  # every worker stores the same pages at the same moment
    outcomes = []
    for page, article in pages:  # what archive.ingest does after cleaning: learn the site's repeated blocks, store
        repeated = RepeatedBlocks()
        repeated.observe(article.body.split("\n\n"))
        learn_repeated_blocks(archive, site_id, article.title, repeated)
        outcomes.append(archive.store_page(site_id, page, article).value)
    results.put(outcomes)
    archive.close()


@pytest.mark.parametrize("workers", [4])
def test_concurrent_workers_never_duplicate_an_article(db_url: str, workers: int) -> None:
    """Four processes store the same seven URLs at once: each URL is new for exactly one of them."""
    Archive(db_url).close()  # a SQLite file is created here, not raced for by the workers
    pages = joomla_pages()
    cleaned = [(page, annotate(extract_html(page.body, page.url, DEMO_JOOMLA.selectors), DEMO_JOOMLA.province))
               for page in pages]  # fmt: skip
    context = multiprocessing.get_context("fork")  # the workers need no imports of their own: seconds saved
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [context.Process(target=_worker, args=(db_url, cleaned[i:] + cleaned[:i], barrier, results))
                 for i in range(workers)]  # fmt: skip
    for process in processes:
        process.start()
    outcomes = Counter(outcome for _ in processes for outcome in results.get(timeout=120))
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert outcomes == {"new": 7, "unchanged": 7 * (workers - 1)}
    archive = Archive(db_url)
    _, raw_pages, articles, mentions = counts(archive)
    assert (raw_pages, articles) == (7, 7)
    single = Archive(db_url.replace("archive.sqlite3", "single.sqlite3")) if db_url.startswith("sqlite") else None
    with archive.session() as session:
        per_url = session.execute(select(Article.url, func.count()).group_by(Article.url).having(func.count() > 1)).all()
        assert per_url == []
        assert session.scalar(select(func.count()).select_from(RepeatedBlockPage)) == 7  # each article counted once
        assert session.scalar(select(func.max(RepeatedBlock.pages))) == 1  # the demo paragraphs are all distinct
    if single is not None:  # the mentions are those of one store, not several
        store_all(single, pages)
        assert counts(single)[3] == mentions
        single.close()
    archive.close()


def test_repeated_block_counts_are_upserted_once_per_article(db_url: str) -> None:
    """Workers cleaning one site's pages at once share its block counts: each article counts once."""
    archive = Archive(db_url)
    site_id = archive.ensure_site("demo-portal")
    footer = "Bản quyền thuộc Liên đoàn Lao động tỉnh Bắc Kạn. Địa chỉ: số 2 đường Trường Chinh."
    for headline, lead in (("Tết Sum vầy năm 2025", "Công đoàn tặng 500 suất quà."),
                           ("Tháng Công nhân năm 2025", "Phát động Tháng Công nhân tại Chợ Mới.")):  # fmt: skip
        for _ in range(2):  # a re-crawl of the same article must not count it again
            repeated = RepeatedBlocks()
            repeated.observe([footer, lead])
            learn_repeated_blocks(archive, site_id, headline, repeated)
    with archive.session() as session:
        counts = dict(session.execute(select(RepeatedBlock.fingerprint, RepeatedBlock.pages)).all())
        pages = session.scalar(select(func.count()).select_from(RepeatedBlockPage)) or 0
    assert pages == 2 and counts[fingerprint(footer)] == 2 and sorted(counts.values()) == [1, 1, 2]
    archive.close()


def test_direct_sql_readers_get_the_day_and_time_printed_in_vietnam(db_url: str) -> None:
    """published is stored in UTC; published_date and published_local are what a reader of the table needs."""
    archive = Archive(db_url)
    site = archive.ensure_site("ldld-backan", "Bắc Kạn")
    url = "http://backan.congdoan.vn/tin-tuc/bai-01-43.html"
    article = CleanedArticle(url=url, title="Tập huấn an toàn vệ sinh lao động", body="Sáng 4/1, LĐLĐ tỉnh tập huấn.",
                           published=datetime(2020, 1, 4, 1, 43, 30, tzinfo=VIETNAM))  # fmt: skip
    archive.store_page(site, FetchedPage(url, b"<html></html>"), article)
    with archive.engine.connect() as connection:
        day, local = connection.execute(text("SELECT published_date, published_local FROM articles")).one()
    assert str(day) == "2020-01-04" and local == "2020-01-04T01:43:30+07:00"
    edited = CleanedArticle(url=url, title=article.title, body=article.body + " Sửa.",
                          published=datetime(2020, 1, 3, 23, 5, tzinfo=VIETNAM))  # fmt: skip
    archive.store_page(site, FetchedPage(url, b"<html>2</html>"), edited)
    with archive.engine.connect() as connection:
        day, local = connection.execute(text("SELECT published_date, published_local FROM articles")).one()
    assert str(day) == "2020-01-03" and local == "2020-01-03T23:05:00+07:00"
    archive.close()
