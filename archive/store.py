"""The archive's operations: the only code that writes rows.

Every page is written in one transaction with its article, so a crash leaves either both or neither.
An article is keyed by canonical URL and updated only when its cleaned content changed, which makes
re-crawling idempotent. One article is one row whatever address it was reached at: a key already
stored under another spelling (http or https, `www.` or not: archive.urls) is that row's, and a new
page whose cleaned content (or headline and publication time) equals an article of the same site is
that article, reached elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, bindparam, case, func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from archive import tombstones
from archive.db import create_archive_engine, dialect_insert, prepare
from archive.entities import replace_mentions
from archive.models import Article, CrawlRequest, FetchFailure, RawPage, Site, utcnow, vietnam_columns
from archive.urls import canonical_url, spellings
from cleaner.article import CleanedArticle


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"  # not an article, and not stored (archive.ingest.process_page with keep_failures=False)
    NOT_ARTICLE = "not-article"  # a page kept raw because it reads as a listing or the like, not a failure


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
    # Provenance (archive.models.RawPage): a live crawl unless said otherwise
    source: str = "crawl"
    captured_at: datetime | None = None  # when the bytes were captured, if not when they were fetched
    archived_copy: str | None = None  # the memento URL, or "FILE#record-id" of a WARC record
    captures: tuple[dict[str, Any], ...] = ()  # every capture that went into the page (backfill)

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


_RAW = RawPage.__table__
# A stored page fetched again: its bytes are kept when they are the same (re-extraction, unchanged refetches), its
# first fetch time when the page brings none, and its crawl run when it comes from no crawl (re-extraction, ingest).
# All right-hand sides see the row as it was, so the CASE compares the old digest.
_REFRESH_RAW = (
    update(_RAW)
    .where(_RAW.c.url == bindparam("key"))
    .values(
        body=case(
            (_RAW.c.sha256 == bindparam("new_sha256"), _RAW.c.body), else_=bindparam("new_body", type_=_RAW.c.body.type)
        ),
        sha256=bindparam("new_sha256"),
        fetched_at=func.coalesce(bindparam("new_fetched_at", type_=_RAW.c.fetched_at.type), _RAW.c.fetched_at),
        crawl_run_id=func.coalesce(bindparam("new_run_id", type_=_RAW.c.crawl_run_id.type), _RAW.c.crawl_run_id),
    )
    .returning(_RAW.c.id)
)


def _claim_raw_page(
    session: Session, site_id: int, key: str, page: FetchedPage, digest: str, error: str | None, run_id: int | None
) -> int:
    """The id of the page's row, inserted or brought up to date, and locked until the transaction ends.

    The unique URL makes a duplicate impossible; ON CONFLICT makes a concurrent insert wait and then
    update the winner's row instead of failing, and the row lock the insert or update takes makes every
    other worker storing the same URL wait for this transaction, so the article below is read, compared
    and written by one worker at a time. (SQLite locks the whole file for the first write: the same
    effect.) Core statements with their values as parameters: each is compiled once per process.
    """
    row = {"fetched_url": page.url, "status": page.status, "headers": dict(page.headers or {}),
           "content_type": page.content_type, "error": error, "etag": page.header("etag"),
           "last_modified": page.header("last-modified"), "source": page.source, "captured_at": page.captured_at,
           "archived_copy": page.archived_copy, "captures": list(page.captures) or None}  # fmt: skip
    body = zlib.compress(page.body, 6)
    new = dialect_insert(session)(_RAW).on_conflict_do_nothing(index_elements=[_RAW.c.url]).returning(_RAW.c.id)
    raw_id = session.execute(new, {**row, "site_id": site_id, "url": key, "body": body, "sha256": digest,
                                   "fetched_at": page.fetched_at or utcnow(), "crawl_run_id": run_id}).scalar()  # fmt: skip
    if raw_id is None:
        refresh = {**row, "key": key, "new_sha256": digest, "new_body": body, "new_fetched_at": page.fetched_at,
                   "new_run_id": run_id}  # fmt: skip
        raw_id = session.execute(_REFRESH_RAW, refresh).scalar_one()
    return raw_id


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


_ARTICLE = Article.__table__
_LEDGER = {Outcome.FAILED: "error"}  # how an outcome is written in the run's ledger, where it differs
_UPDATE_ARTICLE = update(_ARTICLE).where(_ARTICLE.c.id == bindparam("article_id"))
# Articles whose content the search index does not hold yet: what a sync indexes.
UNINDEXED = or_(Article.indexed_hash.is_(None), Article.indexed_hash != Article.content_hash)


def _stored_key(session: Session, key: str) -> str:
    """The spelling of the key the archive already holds the page under (http or https, `www.` or not), else the key."""
    found = session.scalars(select(_RAW.c.url).where(_RAW.c.url.in_(spellings(key)))).all()
    return key if key in found or not found else found[0]


def _same_article(session: Session, site_id: int, article: CleanedArticle, digest: str) -> Row[Any] | None:
    """An article of the site that a page new to the archive is, reached at another address (a mirror, a
    rebased crawl, a link the site decorated differently): the same cleaned content, or the same headline
    published at the same moment (the body may have lost boilerplate the site's template learned since).
    An undated page must equal the article. Looked up through the (site, published) index."""
    dated = _ARTICLE.c.published == article.published if article.published else _ARTICLE.c.published.is_(None)
    same = or_(_ARTICLE.c.content_hash == digest, _ARTICLE.c.title == article.title) if article.published else (
        _ARTICLE.c.content_hash == digest)  # fmt: skip
    query = select(_ARTICLE.c.id, _ARTICLE.c.content_hash).where(_ARTICLE.c.site_id == site_id, dated, same)
    return session.execute(query.order_by(_ARTICLE.c.id).limit(1)).first()


def _upsert_article(session: Session, site_id: int, raw_id: int, key: str, article: CleanedArticle) -> Outcome:
    """Insert or update the article, if its content changed; Core statements, compiled once per process.
    A page new to the archive may be an article already stored under another address (`_same_article`):
    that row is the one compared and updated, and keeps its URL."""
    record = article.to_record()  # once: it converts every entity, and pages carry dozens
    # Relations are hashed beside the record (export does not carry them), so re-extraction stores new ones.
    digest = content_hash({**record, "relations": [astuple(r) for r in article.relations]} if article.relations else record)
    stored = session.execute(select(_ARTICLE.c.id, _ARTICLE.c.content_hash).where(_ARTICLE.c.url == key)).first()
    stored = stored or _same_article(session, site_id, article, digest)
    if stored is not None and stored.content_hash == digest:
        return Outcome.UNCHANGED
    row = {"title": article.title, "body": article.body, "published": article.published,
           **vietnam_columns(article.published), "author": article.author,
           "byline": article.byline, "category": article.category, "captions": list(article.captions),
           "entities": record["entities"], "figures": record["figures"], "content_hash": digest,
           "updated_at": utcnow()}  # fmt: skip
    if stored is None:
        new = {**row, "site_id": site_id, "url": key, "raw_page_id": raw_id}
        article_id = session.execute(insert(_ARTICLE).returning(_ARTICLE.c.id), new).scalar_one()
    else:
        session.execute(_UPDATE_ARTICLE, {**row, "article_id": stored.id})
        article_id = stored.id
    replace_mentions(session, article_id, article.entities, article.relations, new=stored is None)
    return Outcome.NEW if stored is None else Outcome.UPDATED


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
        tombstones.register(self.sessions)
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
        article: CleanedArticle | None,
        error: str | None = None,
        run_id: int | None = None,
        outcome: Outcome = Outcome.FAILED,
    ) -> Outcome:
        """Keep the raw page, then the article it yielded; or, when it yielded none, why (`outcome` says
        whether that is a failure or a page that is simply not an article)."""
        digest = hashlib.sha256(page.body).hexdigest()
        with self.sessions.begin() as session:
            key = _stored_key(session, canonical_url(page.url))
            raw_id = _claim_raw_page(session, site_id, key, page, digest, error, run_id)
            if page.requested_url and (alias := canonical_url(page.requested_url)) != key:
                _record_redirect(session, site_id, alias, page, key, run_id)
            if article is not None:
                outcome = _upsert_article(session, site_id, raw_id, key, article)
            mark_request(session, run_id, page.ledger_key, _LEDGER.get(outcome, outcome.value), error)
            return outcome

    def extraction_error(self, url: str) -> str | None:
        """Why the stored page of `url` yielded no article (None if it yielded one, or is not stored)."""
        with self.session() as session:
            return session.scalar(select(RawPage.error).where(RawPage.url == canonical_url(url)))

    def province_of(self, site_id: int) -> str | None:
        """The site's province, which resolves a bare "LĐLĐ tỉnh" in its articles."""
        if site_id not in self._provinces:
            with self.session() as session:
                self._provinces[site_id] = session.get_one(Site, site_id).province
        return self._provinces[site_id]

    def raw_body(self, raw: RawPage) -> bytes:
        return zlib.decompress(raw.body)

    def count_articles(self, site: str | None = None) -> int:
        with self.session() as session:
            query = select(func.count(Article.id))
            if site:
                query = query.join(Site).where(Site.name == site)
            return session.scalar(query) or 0

    def has_unindexed(self) -> bool:
        """Whether any article's content differs from what the index holds (a sync would do work)."""
        with self.session() as session:
            return session.scalar(select(Article.id).where(UNINDEXED).limit(1)) is not None

    def mark_indexed(self, hashes: dict[int, str]) -> None:
        """Record what the index now holds: one executemany, not a load and flush per article."""
        if not hashes:
            return
        rows = [{"article_id": article_id, "digest": digest} for article_id, digest in hashes.items()]
        with self.engine.begin() as connection:
            connection.execute(_UPDATE_ARTICLE.values(indexed_hash=bindparam("digest")), rows)

    def clear_indexed(self, article_ids: Iterable[int] | None = None) -> None:
        """Forget what the index holds, for every article or the given ones; the next sync indexes them."""
        with self.sessions.begin() as session:
            query = session.query(Article)
            if article_ids is not None:
                query = query.filter(Article.id.in_(list(article_ids)))
            query.update({Article.indexed_hash: None}, synchronize_session=False)
