"""What storing a page again keeps and replaces, on both backends (tests/backends.py).

The raw page's row is written by one INSERT … ON CONFLICT DO NOTHING and, for a URL already stored,
one UPDATE: its bytes are replaced only when they changed, its first fetch time and crawl run are
kept when the new fetch brings none, everything else is the latest fetch's.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from archive.entities import Mention
from archive.models import Article, RawPage
from archive.runs import CrawlLedger
from archive.store import Archive, FetchedPage, Outcome
from cleaner.article import CleanedArticle
from cleaner.entities import annotate

URL = "http://cdlaocai.example.vn/tin-tuc/hoi-nghi-123.html"
FIRST_BODY = "<html><body><p>Hội nghị lần thứ nhất</p></body></html>".encode()
SECOND_BODY = "<html><body><p>Hội nghị lần thứ nhất, bản sửa</p></body></html>".encode()
FETCHED = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


def _article(body: str) -> CleanedArticle:
    return annotate(CleanedArticle(URL, "Hội nghị Ban Chấp hành LĐLĐ tỉnh Lào Cai", body), "Lào Cai")


def _raw(archive: Archive) -> RawPage:
    with archive.session() as session:
        return session.scalars(select(RawPage)).one()


def _stored(archive: Archive) -> tuple[int, str, int]:
    with archive.session() as session:
        article = session.scalars(select(Article)).one()
        mentions = session.scalar(select(func.count()).select_from(Mention).where(Mention.article_id == article.id))
        return article.raw_page_id, article.body, mentions or 0


def test_a_stored_page_is_refreshed_in_place(db_url: str) -> None:
    archive = Archive(db_url)
    site_id = archive.ensure_site("cd-laocai", "Lào Cai")
    run_id = CrawlLedger(archive).begin(site_id, "incremental", False).run_id
    body = "Bà Nguyễn Thị Hà, Chủ tịch LĐLĐ tỉnh, dự hội nghị tại thành phố Lào Cai."
    first = FetchedPage(URL, FIRST_BODY, headers={"Content-Type": "text/html", "ETag": '"v1"'}, fetched_at=FETCHED)
    assert archive.store_page(site_id, first, _article(body)) is Outcome.NEW
    raw = _raw(archive)
    assert archive.raw_body(raw) == FIRST_BODY and raw.crawl_run_id is None and raw.etag == '"v1"'
    assert raw.fetched_at == FETCHED and raw.content_type == "text/html"
    raw_id, _, mentions = _stored(archive)
    assert raw_id == raw.id and mentions == len(_article(body).entities) > 0

    # Fetched again by a crawl, with new bytes and no fetch time of its own: bytes and validators replaced.
    second = FetchedPage(URL + "?utm_source=zalo", SECOND_BODY, headers={"content-type": "text/html; charset=utf-8"})
    assert archive.store_page(site_id, second, _article(body), run_id=run_id) is Outcome.UNCHANGED
    raw = _raw(archive)
    assert raw.id == raw_id and archive.raw_body(raw) == SECOND_BODY and raw.etag is None
    assert (raw.fetched_url, raw.content_type) == (second.url, "text/html; charset=utf-8")
    assert raw.fetched_at == FETCHED and raw.crawl_run_id == run_id

    # Re-extraction (no run) that fails: the crawl history and the bytes stay, the error is recorded.
    assert archive.store_page(site_id, second, None, "no body") is Outcome.FAILED
    raw = _raw(archive)
    assert (raw.error, raw.crawl_run_id, archive.raw_body(raw)) == ("no body", run_id, SECOND_BODY)

    # Re-extraction that succeeds with a changed article: the error goes, the article and its mentions are replaced.
    changed = "Ông Trần Văn Minh, Phó Chủ tịch LĐLĐ tỉnh, phát biểu tại hội nghị."
    assert archive.store_page(site_id, second, _article(changed)) is Outcome.UPDATED
    assert _raw(archive).error is None
    assert _stored(archive) == (raw_id, changed, len(_article(changed).entities))
    with archive.session() as session:
        names = set(session.scalars(select(Mention.text)))
    assert "Trần Văn Minh" in names and "Nguyễn Thị Hà" not in names
    archive.close()
