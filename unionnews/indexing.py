"""The archive → search index sync: the one module that knows both, and hands the index plain records.

The archive records, per article, the content hash the index holds (`indexed_hash`), so `sync` indexes
exactly the new and changed articles after a crawl, drops deleted ones (archive.tombstones), and an
interrupted sync is simply resumed by the next one. `rebuild` recreates the whole index. Every path
that writes the index comes through here: the commands, the crawl's background follower (`follow`)
and Scrapy's `IndexPipeline`. The engine is any search.engine.SearchEngine; the app runs the embedded
one, or the PostgreSQL one for an archive on PostgreSQL (`open_engine`, by Config.search).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from types import FrameType
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from archive.config import Config
from archive.db import database_url
from archive.filters import ENTITY_TYPES
from archive.models import Article
from archive.store import UNINDEXED, Archive
from archive.tombstones import clear_deletes, pending_deletes
from search.embedded.version import has_current_index
from search.engine import IndexDocument, SearchEngine
from search.lock import IndexBusy, writer_lock

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

BATCH = 5000  # articles per commit: one segment each, and what a crash makes the next sync redo


def open_engine(config: Config) -> SearchEngine:
    """The app's engine. Whoosh and numpy (or psycopg) are imported here, not by a run that has nothing to index."""
    if config.search == "postgresql":
        from search.postgresql.engine import PostgresEngine

        return PostgresEngine(libpq_url(config.db_url))
    from search.embedded.engine import EmbeddedEngine

    return EmbeddedEngine(config.index_dir)


def libpq_url(db_url: str) -> str:
    """The archive's SQLAlchemy URL as libpq reads it (no driver name), password included."""
    return database_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)


def index_is_behind(config: Config, archive: Archive) -> bool:
    """Whether a sync would do anything, answered without importing the embedded engine."""
    if config.search == "postgresql":
        with closing(open_engine(config)) as engine:
            current = engine.is_current()
    else:
        current = has_current_index(config.index_dir)
    return not current or archive.has_unindexed() or bool(pending_deletes(archive))


def document(row: Article) -> IndexDocument:
    names = {kind: tuple(str(e.get("name") or e.get("text") or "") for e in row.entities or []
                         if isinstance(e, dict) and e.get("type") == kind) for kind in ENTITY_TYPES}  # fmt: skip
    return IndexDocument(
        id=row.id,
        url=row.url,
        site=row.site.name,
        province=row.site.province,
        title=row.title,
        body=row.body,
        author=row.author,
        category=row.category,
        published=row.published,
        content_hash=row.content_hash,
        persons=names["person"],
        organizations=names["organization"],
        places=names["place"],
        captions=tuple(row.captions or ()),
    )


def sync(engine: SearchEngine, archive: Archive, batch: int = BATCH) -> int:
    """Index new and changed articles and drop deleted ones; returns how many were (re)indexed."""
    with engine.writing():
        return _sync(engine, archive, batch)


def rebuild(engine: SearchEngine, archive: Archive) -> int:
    """Recreate the index from the whole archive, aside: searches meanwhile answer from the old index.

    The archive learns what the new index holds only once it is in place; a rebuild killed before that
    leaves both the old index and the archive's record of it as they were.
    """
    with engine.writing():
        deleted = pending_deletes(archive)
        held: dict[int, str] = {}
        with engine.rebuilding() as fresh:
            for rows in _every(archive, BATCH):
                fresh.add([document(row) for row in rows])
                held.update((row.id, row.content_hash) for row in rows)
        archive.clear_indexed()
        archive.mark_indexed(held)
        clear_deletes(archive, deleted)
        return len(held)


def remove(engine: SearchEngine, article_ids: Iterable[int]) -> int:
    """Drop articles the archive no longer has; returns how many were in the index."""
    with engine.writing():
        return engine.delete(article_ids)


def _sync(engine: SearchEngine, archive: Archive, batch: int) -> int:
    if not engine.is_current():  # none yet, or of another format: everything is indexed again
        engine.reset()
        archive.clear_indexed()
    deleted = pending_deletes(archive)
    if deleted:
        engine.delete(deleted)
        clear_deletes(archive, deleted)
    done = 0
    for rows in _pending(archive, batch):
        engine.add([document(row) for row in rows])
        archive.mark_indexed({row.id: row.content_hash for row in rows})
        done += len(rows)
    return done


def _pending(archive: Archive, batch: int) -> Iterator[list[Article]]:
    query = select(Article).options(joinedload(Article.site)).where(UNINDEXED).order_by(Article.id).limit(batch)
    while True:
        with archive.session() as session:
            rows = list(session.scalars(query))
        if not rows:
            return
        yield rows


def _every(archive: Archive, batch: int) -> Iterator[list[Article]]:
    """Every article, `batch` at a time in id order (keyset paging: each batch costs the same)."""
    last = 0
    while True:
        with archive.session() as session:
            rows = list(session.scalars(select(Article).options(joinedload(Article.site)).where(Article.id > last)
                                        .order_by(Article.id).limit(batch)))  # fmt: skip
        if not rows:
            return
        last = rows[-1].id
        yield rows


def follow(
    config: Config,
    engine: SearchEngine,
    archive: Archive,
    interval: float = 2.0,
    stop: threading.Event | None = None,
    report: Callable[[int], None] | None = None,
) -> int:
    """Sync every `interval` seconds until `stop` is set (SIGINT and SIGTERM set it in the main thread).

    With many crawl workers only this one indexer writes the index: workers on other machines cannot
    reach its directory, and a sync per finished spider would queue them on one lock. A crashed
    follower loses nothing (the next finds the same rows pending); a second one refuses to start.
    Returns how many articles it indexed.
    """
    stop = stop or threading.Event()
    try:
        with writer_lock(config.index_dir.with_name("index.lock.follow"), timeout=0):
            if threading.current_thread() is threading.main_thread():

                def _stop(_signum: int, _frame: FrameType | None) -> None:
                    stop.set()

                for signum in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(signum, _stop)
            total = 0
            while not stop.is_set():
                done = sync(engine, archive)
                total += done
                if done and report:
                    report(done)
                stop.wait(interval)
            return total
    except IndexBusy:
        raise IndexBusy(f"another indexer already follows the index at {config.index_dir}") from None


class IndexPipeline:
    """Scrapy item pipeline: bring the search index up to date with the archive once the spider is done.

    crawler/settings.py names it by dotted path, so the crawler imports neither search nor the app, and
    it takes its archive from Scrapy settings alone (UNIONNEWS_HOME, UNIONNEWS_DB). `unionnews crawl`
    turns it off (UNIONNEWS_INDEX=0) and indexes once for all its spiders, and so do the workers of a
    shared archive, which `unionnews index --follow` indexes instead.
    """

    def __init__(self, crawler: Crawler) -> None:
        from crawler.run import archive_config  # Scrapy's modules: only where Scrapy runs this

        self.config = archive_config(crawler.settings)
        self.enabled = crawler.settings.getbool("UNIONNEWS_INDEX", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        return item

    def close_spider(self) -> None:
        if not self.enabled:
            return
        archive = Archive(self.config.db_url)
        try:
            sync(open_engine(self.config), archive)
        finally:
            archive.close()
