"""SQLAlchemy 2.0 models of the archive.

A raw page is kept for every article page fetched (compressed HTML plus the headers that decide its
charset), so any article can be re-extracted later without recrawling. URLs are stored canonical and
unique, so an article is stored once however often, and by however many workers, it is crawled.

Text that comes from pages, headers, profiles or users is `Text`, never `String(n)`: SQLite ignores
a length and PostgreSQL enforces it, so a limit would lose a page with a long byline on one backend
only. Bounded columns hold what the program itself writes (hashes, run states, request kinds). A
unique or indexed TEXT column is still capped by PostgreSQL's btree at about 2,700 bytes per entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from archive.types import UTCDateTime
from vnlang.dates import VIETNAM

# Where a raw page's bytes came from: a live crawl, a web archive's replay (backfill), a WARC/ARC file, a saved file.
SOURCES = ("crawl", "web-archive", "warc", "file")


def utcnow() -> datetime:
    return datetime.now(UTC)


def vietnam_columns(published: datetime | None) -> dict[str, object]:
    """`published_local` and `published_date` of an article published at `published` (None: both None)."""
    if published is None:
        return {"published_local": None, "published_date": None}
    local = published.astimezone(VIETNAM)
    return {"published_local": local.isoformat(), "published_date": local.date()}


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    province: Mapped[str | None] = mapped_column(Text)
    base_url: Mapped[str | None] = mapped_column(Text)


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # 304s on --refresh
    mode: Mapped[str | None] = mapped_column(String(20))  # incremental | refresh
    resumes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reasons: Mapped[dict[str, Any] | None]  # failure reason → count, frozen when the run ends

    site: Mapped[Site] = relationship()


class CrawlRequest(Base):
    """A run's ledger of requests, written before they are sent: what makes a killed crawl resumable.

    A listing page is marked done in the same transaction that records the requests it led to, and an
    article in the transaction that stores it (or its failure), so after a SIGKILL the pending rows
    are exactly the work left. The rows of a finished run are deleted once its counts are frozen.
    """

    __tablename__ = "crawl_requests"
    __table_args__ = (
        UniqueConstraint("run_id", "key", name="uq_crawl_requests_run_key"),
        Index("ix_crawl_requests_pending", "run_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)  # canonical URL: session ids and tracking dropped
    url: Mapped[str] = mapped_column(Text)  # as linked
    kind: Mapped[str] = mapped_column(String(10))  # listing | sitemap | feed | article | page
    depth: Mapped[int] = mapped_column(Integer, default=0)  # listing pages between the start and here
    stale: Mapped[int] = mapped_column(Integer, default=0)  # consecutive listing pages with nothing new
    outcome: Mapped[str | None] = mapped_column(String(20))  # None while pending
    reason: Mapped[str | None] = mapped_column(Text)


class RawPage(Base):
    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    fetched_url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer, default=200)
    content_type: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed bytes as served
    sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)  # why extraction failed, when it did
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    etag: Mapped[str | None] = mapped_column(Text)  # validators for conditional GET on --refresh
    last_modified: Mapped[str | None] = mapped_column(Text)
    # Provenance: where the bytes came from (SOURCES), when they were captured (a web archive's capture or a WARC
    # record's date; for a live fetch, the fetch), and the archived copy they were read from (a memento URL, or a
    # WARC file and record id). `captures` lists every capture that went into the page: {at, source, url, sha256}.
    source: Mapped[str] = mapped_column(String(12), server_default="crawl")  # the database fills it, on old rows too
    captured_at: Mapped[datetime | None]
    archived_copy: Mapped[str | None] = mapped_column(Text)
    captures: Mapped[list[Any] | None]

    site: Mapped[Site] = relationship()


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_site_published", "site_id", "published"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    raw_page_id: Mapped[int] = mapped_column(ForeignKey("raw_pages.id"), unique=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(index=True)  # UTC, as every stored moment
    # The same moment as Vietnam prints it, for tools that read the table directly (Datasette, pandas, SQL):
    # SQLite keeps `published` as naive UTC, so 01:43 on 4 January would read as 3 January there.
    published_local: Mapped[str | None] = mapped_column(Text)  # "2020-01-04T01:43:30+07:00"
    published_date: Mapped[date | None] = mapped_column(Date)  # the day in Vietnam: 2020-01-04
    author: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    captions: Mapped[list[Any]] = mapped_column(default=list)
    entities: Mapped[list[Any]] = mapped_column(default=list)
    figures: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The content_hash the search index holds for this article; differs from content_hash until synced.
    indexed_hash: Mapped[str | None] = mapped_column(String(64), index=True)

    site: Mapped[Site] = relationship(lazy="joined")


class FetchFailure(Base):
    __tablename__ = "fetch_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
