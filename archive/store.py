"""The archive's operations: the only code that writes rows.

Every page is written in one transaction with its article, so a crash leaves either both or neither.
An article is keyed by canonical URL and updated only when its cleaned content changed, which makes
re-crawling idempotent.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db import create_archive_engine, dialect_insert, prepare
from archive.entities import replace_mentions
from archive.models import Article, CrawlRequest, FetchFailure, RawPage, Site, utcnow
from archive.urls import canonical_url
from cleaner.article import Article as CleanArticle


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class FetchedPage:
    """A page as fetched: enough to re-run extraction exactly as the crawler did."""

    url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] | None = None
    fetched_at: datetime | None = None
    ledger_key: str | None = None  # the crawl request this answers (archive.runs), marked done with the page
    requested_url: str | None = None  # where the crawler asked, when a redirect led to `url`

    def header(self, name: str) -> str | None:
        return next((v for k, v in (self.headers or {}).items() if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


def mark_request(session: Session, run_id: int | None, key: str | None, outcome: str, reason: str | None = None) -> None:
    """Close a crawl request in the ledger, in the caller's transaction: stored and done are one fact."""
    if run_id is None or key is None:
        return
    session.execute(
        update(CrawlRequest)
        .where(CrawlRequest.run_id == run_id, CrawlRequest.key == key)
        .values(outcome=outcome, reason=reason)
    )


def content_hash(record: dict[str, Any]) -> str:
    """The hash of an article record (`Article.to_record()`), its URL aside: what decides "changed"."""
    content = {k: v for k, v in record.items() if k != "url"}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _claim_raw_page(session: Session, site_id: int, key: str, page: FetchedPage, digest: str) -> RawPage:
    """The page's row, inserted if new, locked until the transaction ends.

    The unique URL makes a duplicate impossible; ON CONFLICT makes a concurrent insert wait and then
    find the winner's row instead of failing, and the row lock makes every other worker storing the
    same URL wait for this transaction, so the article below is read, compared and written by one
    worker at a time. (SQLite locks the whole file for the first write: the same effect.)
    """
    session.execute(
        dialect_insert(session)(RawPage)
        .values(site_id=site_id, url=key, fetched_url=page.url, status=page.status, headers=dict(page.headers or {}),
                body=zlib.compress(page.body, 6), sha256=digest, fetched_at=page.fetched_at or utcnow())
        .on_conflict_do_nothing(index_elements=[RawPage.url])
    )  # fmt: skip
    return session.scalars(select(RawPage).where(RawPage.url == key).with_for_update()).one()


def _record_redirect(session: Session, site_id: int, alias: str, page: FetchedPage, key: str, run_id: int | None) -> None:
    """Keep the address that redirected to a stored page, as a bodiless raw page.

    The next crawl then knows the old address too and does not follow the redirect again; without
    it, every moved article would be fetched on every run.
    """
    empty = b""
    session.execute(
        dialect_insert(session)(RawPage)
        .values(site_id=site_id, url=alias, fetched_url=page.requested_url, status=301, headers={"location": page.url},
                body=zlib.compress(empty), sha256=hashlib.sha256(empty).hexdigest(),
                fetched_at=page.fetched_at or utcnow(), error=f"redirects to {key}", crawl_run_id=run_id)
        .on_conflict_do_nothing(index_elements=[RawPage.url])
    )  # fmt: skip


class Archive:
    def __init__(self, db_url: str) -> None:
        """Open the archive at `db_url` (archive.db: SQLite is created or upgraded, a server must be at head)."""
        self.engine = create_archive_engine(db_url)
        try:
            prepare(self.engine)
        except Exception:
            self.engine.dispose()
            raise
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._provinces: dict[int, str | None] = {}

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    # sites and runs

    def ensure_site(self, name: str, province: str | None = None, base_url: str | None = None) -> int:
        with self.sessions.begin() as session:  # workers crawling one site at once share its row
            insert = dialect_insert(session)(Site).values(name=name, province=province, base_url=base_url)
            return session.execute(
                insert.on_conflict_do_update(
                    index_elements=[Site.name],
                    set_={
                        "province": func.coalesce(insert.excluded.province, Site.province),
                        "base_url": func.coalesce(insert.excluded.base_url, Site.base_url),
                    },
                ).returning(Site.id)
            ).scalar_one()

    def record_failure(
        self, site_id: int, url: str, reason: str, run_id: int | None = None, ledger_key: str | None = None
    ) -> None:
        with self.sessions.begin() as session:
            session.add(FetchFailure(site_id=site_id, url=url, reason=reason, crawl_run_id=run_id))
            mark_request(session, run_id, ledger_key, "failed", reason)

    def record_not_modified(self, url: str, run_id: int, ledger_key: str | None = None) -> None:
        """A 304 on a conditional refetch: the stored page stands; only the run's ledger learns of it."""
        with self.sessions.begin() as session:
            raw = session.scalar(select(RawPage).where(RawPage.url == canonical_url(url)))
            if raw is not None:
                raw.crawl_run_id = run_id
            mark_request(session, run_id, ledger_key, "not-modified")

    # pages and articles

    def store_page(
        self,
        site_id: int,
        page: FetchedPage,
        article: CleanArticle | None,
        error: str | None = None,
        run_id: int | None = None,
    ) -> Outcome:
        """Keep the raw page, then the article it yielded; or the extraction error when it yielded none."""
        key = canonical_url(page.url)
        digest = hashlib.sha256(page.body).hexdigest()
        with self.sessions.begin() as session:
            raw = _claim_raw_page(session, site_id, key, page, digest)
            raw.fetched_url = page.url
            raw.status = page.status
            raw.headers = dict(page.headers or {})
            raw.content_type = page.content_type
            if raw.sha256 != digest:  # re-extraction and unchanged refetches keep the stored bytes
                raw.body = zlib.compress(page.body, 6)
                raw.sha256 = digest
            raw.fetched_at = page.fetched_at or raw.fetched_at or utcnow()
            raw.error = error
            raw.etag = page.header("etag")
            raw.last_modified = page.header("last-modified")
            if run_id is not None:  # re-extraction and ingest leave the page's crawl history alone
                raw.crawl_run_id = run_id
            session.flush()
            if page.requested_url and (alias := canonical_url(page.requested_url)) != key:
                _record_redirect(session, site_id, alias, page, key, run_id)
            outcome = Outcome.FAILED if article is None else self._upsert_article(session, site_id, raw, key, article)
            mark_request(session, run_id, page.ledger_key, "error" if article is None else outcome.value, error)
            return outcome

    def _upsert_article(self, session: Session, site_id: int, raw: RawPage, key: str, article: CleanArticle) -> Outcome:
        record = article.to_record()  # once: it converts every entity, and pages carry dozens
        digest = content_hash(record)
        row = session.scalar(select(Article).where(Article.url == key))
        if row is not None and row.content_hash == digest:
            return Outcome.UNCHANGED
        outcome = Outcome.NEW if row is None else Outcome.UPDATED
        if row is None:
            row = Article(site_id=site_id, url=key, raw_page_id=raw.id)
            session.add(row)
        row.title = article.title
        row.body = article.body
        row.published = article.published
        row.author = article.author
        row.byline = article.byline
        row.category = article.category
        row.captions = list(article.captions)
        row.entities = record["entities"]
        row.figures = record["figures"]
        row.content_hash = digest
        row.updated_at = utcnow()
        session.flush()
        replace_mentions(session, row.id, article.entities)
        return outcome

    def province_of(self, site_id: int) -> str | None:
        """The site's province, which resolves a bare "LĐLĐ tỉnh" in its articles."""
        if site_id not in self._provinces:
            with self.session() as session:
                self._provinces[site_id] = session.get_one(Site, site_id).province
        return self._provinces[site_id]

    def raw_body(self, raw: RawPage) -> bytes:
        return zlib.decompress(raw.body)

    def iter_raw_pages(self, site: str | None = None) -> Iterator[tuple[RawPage, Site]]:
        with self.session() as session:
            query = select(RawPage, Site).join(Site).order_by(RawPage.id)
            if site:
                query = query.where(Site.name == site)
            yield from session.execute(query).tuples()

    def count_articles(self, site: str | None = None) -> int:
        with self.session() as session:
            query = select(func.count(Article.id))
            if site:
                query = query.join(Site).where(Site.name == site)
            return session.scalar(query) or 0

    def mark_indexed(self, hashes: dict[int, str]) -> None:
        """Record what the index now holds: one executemany, not a load and flush per article."""
        if not hashes:
            return
        rows = [{"article_id": article_id, "digest": digest} for article_id, digest in hashes.items()]
        statement = update(Article.__table__).where(Article.__table__.c.id == bindparam("article_id"))
        with self.engine.begin() as connection:
            connection.execute(statement.values(indexed_hash=bindparam("digest")), rows)

    def clear_indexed(self, article_ids: Iterable[int] | None = None) -> None:
        """Forget what the index holds, for every article or the given ones; the next sync indexes them."""
        with self.sessions.begin() as session:
            query = session.query(Article)
            if article_ids is not None:
                query = query.filter(Article.id.in_(list(article_ids)))
            query.update({Article.indexed_hash: None}, synchronize_session=False)
