"""What the pages and the API read from the archive; reads only (the archive's writers live in archive.store)."""

from __future__ import annotations

import codecs
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.export import article_record
from archive.models import Article, CrawlRun, FetchFailure, RawPage, Site
from archive.store import Archive
from cleaner.decode import decode_html, page_charset
from vnlang.dates import VIETNAM

RECENT = 50  # failures and runs listed on a site's page
# A stored page is inflated a piece at a time: the raw page shows the first PREVIEW_BYTES of its source,
# and its frame streams the whole page, so a 30 MB page is never held whole (it cost ~90 MB a request).
PREVIEW_BYTES = 1 << 20
_PIECE = 1 << 16


@dataclass(frozen=True)
class Provenance:
    """Where an article's bytes came from (archive.models.RawPage): what a citation names."""

    source: str  # crawl | web-archive | warc | file
    captured_at: datetime  # when the bytes were captured (a live crawl: when they were fetched)
    fetched_at: datetime  # when this archive got them (the access date)
    archived_copy: str | None  # a web archive's replay URL, or a WARC file and record id
    sha256: str
    captures: list[dict[str, Any]]


@dataclass(frozen=True)
class ArticleView:
    record: dict[str, Any]  # exactly what an export writes
    first_seen: datetime
    updated_at: datetime
    raw_page_id: int
    provenance: Provenance


@dataclass(frozen=True)
class RawView:
    article_id: int
    url: str
    fetched_url: str
    status: int
    content_type: str | None
    fetched_at: datetime
    sha256: str
    stored_bytes: int
    html_bytes: int
    error: str | None
    html: str  # decoded as the cleaner decoded it; only the first `preview` bytes when the view asked for a preview
    unreadable: str | None = None  # why the stored bytes cannot be read back, when they cannot


@dataclass(frozen=True)
class FailureView:
    url: str
    reason: str
    at: datetime | None


@dataclass(frozen=True)
class SiteSummary:
    name: str
    province: str | None
    base_url: str | None
    articles: int
    undated: int
    first_published: datetime | None
    last_published: datetime | None
    last_run: CrawlRun | None
    fetch_failures: int
    extraction_failures: int


@dataclass(frozen=True)
class SiteOverview:
    site: SiteSummary
    months: Counter[tuple[int, int]]
    runs: list[CrawlRun] = field(default_factory=list)
    fetch_failures: list[FailureView] = field(default_factory=list)
    extraction_failures: list[FailureView] = field(default_factory=list)
    latest: list[tuple[int, str, datetime | None]] = field(default_factory=list)


def article(archive: Archive, article_id: int) -> ArticleView | None:
    with archive.session() as session:
        row = session.get(Article, article_id)
        if row is None:
            return None
        raw = session.execute(
            select(RawPage.source, RawPage.captured_at, RawPage.fetched_at, RawPage.fetched_url, RawPage.archived_copy,
                   RawPage.sha256, RawPage.captures).where(RawPage.id == row.raw_page_id)
        ).one()  # fmt: skip
        provenance = Provenance(raw.source, raw.captured_at or raw.fetched_at, raw.fetched_at, raw.archived_copy,
                                raw.sha256, list(raw.captures or []))  # fmt: skip
        return ArticleView(article_record(row, raw), row.first_seen, row.updated_at, row.raw_page_id, provenance)


def _stored_page(archive: Archive, article_id: int) -> RawPage | None:
    with archive.session() as session:
        return session.execute(
            select(RawPage).join(Article, Article.raw_page_id == RawPage.id).where(Article.id == article_id)
        ).scalar_one_or_none()


def _inflate(body: bytes) -> Iterator[bytes]:
    """The stored page's bytes, _PIECE at most at a time; zlib.error if they are damaged or cut short."""
    inflate = zlib.decompressobj()
    data = body
    while data:
        yield inflate.decompress(data, _PIECE)
        data = inflate.unconsumed_tail
    yield inflate.flush()
    if not inflate.eof:
        raise zlib.error("the stored page is cut short")


def raw_page(archive: Archive, article_id: int, preview: int | None = None) -> RawView | None:
    """The stored page and its fetch metadata; `preview`: decode only that many bytes of it."""
    found = _stored_page(archive, article_id)
    if found is None:
        return None
    head, size, unreadable = bytearray(), 0, None
    try:
        for piece in _inflate(found.body):
            size += len(piece)
            if preview is None or len(head) < preview:
                head += piece
    except zlib.error as exc:
        unreadable = f"trang gốc lưu trong kho bị hỏng (the stored raw page is unreadable: {exc})"
    body = bytes(head if preview is None else head[:preview])
    return RawView(article_id, found.url, found.fetched_url, found.status, found.content_type, found.fetched_at,
                   found.sha256, len(found.body), size, found.error,
                   decode_html(body, found.content_type) if body and not unreadable else "", unreadable)  # fmt: skip


def raw_document(archive: Archive, article_id: int) -> Iterator[bytes] | None:
    """The stored page as UTF-8, a piece at a time (None: no such article). A damaged page ends the stream
    where its bytes stop being readable; raw_page says why."""
    found = _stored_page(archive, article_id)
    if found is None:
        return None

    def pieces() -> Iterator[bytes]:
        decoder = None
        try:
            for piece in _inflate(found.body):
                if decoder is None:  # the charset from the first piece, as the cleaner would read it
                    decoder = codecs.getincrementaldecoder(page_charset(piece, found.content_type))("replace")
                yield decoder.decode(piece).encode("utf-8")
        except zlib.error:
            return
        if decoder is not None:
            yield decoder.decode(b"", final=True).encode("utf-8")

    return pieces()


def _summaries(session: Session, only: str | None = None) -> list[SiteSummary]:
    query = select(Site).order_by(Site.name)
    if only is not None:
        query = query.where(Site.name == only)
    sites = list(session.scalars(query))
    ids = [s.id for s in sites]
    stats = {
        sid: (n, n - dated, first, last)
        for sid, n, dated, first, last in session.execute(
            select(Article.site_id, func.count(Article.id), func.count(Article.published),
                   func.min(Article.published), func.max(Article.published))
            .where(Article.site_id.in_(ids))
            .group_by(Article.site_id)
        )
    }  # fmt: skip
    latest_runs = select(func.max(CrawlRun.id)).where(CrawlRun.site_id.in_(ids)).group_by(CrawlRun.site_id)
    runs = {run.site_id: run for run in session.scalars(select(CrawlRun).where(CrawlRun.id.in_(latest_runs)))}
    fetch_counts = (
        select(FetchFailure.site_id, func.count(FetchFailure.id))
        .where(FetchFailure.site_id.in_(ids))
        .group_by(FetchFailure.site_id)
    )
    fetch = {sid: n for sid, n in session.execute(fetch_counts)}
    extraction_counts = (
        select(RawPage.site_id, func.count(RawPage.id))
        .where(RawPage.site_id.in_(ids), RawPage.error.is_not(None))
        .group_by(RawPage.site_id)
    )
    extraction = {sid: n for sid, n in session.execute(extraction_counts)}
    return [
        SiteSummary(s.name, s.province, s.base_url, *stats.get(s.id, (0, 0, None, None)), runs.get(s.id),
                    fetch.get(s.id, 0), extraction.get(s.id, 0))  # fmt: skip
        for s in sites
    ]


def sites(archive: Archive) -> list[SiteSummary]:
    with archive.session() as session:
        return _summaries(session)


def site_overview(archive: Archive, name: str) -> SiteOverview | None:
    with archive.session() as session:
        found = _summaries(session, only=name)
        if not found:
            return None
        site_id = session.scalar(select(Site.id).where(Site.name == name))
        months: Counter[tuple[int, int]] = Counter()
        dates = select(Article.published).where(Article.site_id == site_id, Article.published.is_not(None))
        for published in session.scalars(dates.execution_options(yield_per=5000)):
            local = published.astimezone(VIETNAM)
            months[(local.year, local.month)] += 1
        runs = list(session.scalars(select(CrawlRun).where(CrawlRun.site_id == site_id)
                                    .order_by(CrawlRun.id.desc()).limit(RECENT)))  # fmt: skip
        fetch = [FailureView(f.url, f.reason, f.at) for f in session.scalars(
            select(FetchFailure).where(FetchFailure.site_id == site_id).order_by(FetchFailure.id.desc()).limit(RECENT))]
        extraction = [FailureView(url, error, at) for url, error, at in session.execute(
            select(RawPage.url, RawPage.error, RawPage.fetched_at)
            .where(RawPage.site_id == site_id, RawPage.error.is_not(None)).order_by(RawPage.id.desc()).limit(RECENT))]
        latest = [tuple(row) for row in session.execute(
            select(Article.id, Article.title, Article.published).where(Article.site_id == site_id)
            .order_by(Article.published.desc().nulls_last(), Article.id.desc()).limit(20))]  # fmt: skip
        return SiteOverview(found[0], months, runs, fetch, extraction, latest)  # type: ignore[arg-type]
