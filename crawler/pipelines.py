"""The archive pipeline: the seam between Scrapy and the archive (the same code `unionnews ingest` uses).

The index pipeline belongs to the app (unionnews.indexing), which settings name by dotted path, so
the crawler imports neither search nor the app.

Each result is stored in one transaction with its ledger mark (archive.store.mark_request), so the
run's report is read back from the ledger; the stats kept here only feed the progress display.

Cleaning and storing happen in worker processes (crawler.workers), off the reactor: a 20 MB page
takes seconds to clean and compress, and in the reactor that would stall every download in flight
into a timeout; and the cleaning of many pages at once then uses every core.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler

from archive.store import FetchedPage
from crawler.items import PageItem
from crawler.run import SiteRun, archive_config
from crawler.workers import WorkerPool, default_workers, store, store_in

log = logging.getLogger(__name__)


class ArchivePipeline:
    """Extract and store every page, or record why it failed, in the spider's crawl run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = archive_config(crawler.settings)
        self.workers = crawler.settings.getint("UNIONNEWS_WORKERS") or default_workers()
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.pool = WorkerPool(self.config.db_url, self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.release()

    @property
    def run(self) -> SiteRun:
        run = getattr(self.crawler.spider, "run", None)
        assert run is not None, "items arrive only after the spider opened its run"
        return run

    async def process_item(self, item: Any) -> Any:
        outcome = await self._store(item, self.run)
        if outcome:
            self.crawler.stats.inc_value(f"unionnews/{outcome}")
            if isinstance(item, PageItem) and item.status != 304:
                self.crawler.stats.inc_value("unionnews/fetched")
        return item

    async def _store(self, item: Any, run: SiteRun) -> str | None:
        assert self.pool is not None
        args = (item, run.site_id, run.run_id, run.profile.selectors)
        for attempt in (1, 2):
            try:
                return await asyncio.wrap_future(self.pool.executor().submit(store, *args))
            except BrokenProcessPool:
                log.error("a worker process died while cleaning %s (attempt %d)", getattr(item, "url", "?"), attempt)
                self.pool.restart()
        if isinstance(item, PageItem):  # it kills workers: keep the page with the reason, and go on
            page = FetchedPage(item.url, item.body, item.status, item.headers, item.fetched_at, item.ledger_key)
            return run.archive.store_page(run.site_id, page, None, "cleaning it crashed the worker", run.run_id).value
        return store_in(run.archive, *args)



class WarcPipeline:
    """With UNIONNEWS_WARC_DIR set (`unionnews crawl --warc DIR`), every page fetched also goes to a WARC file.

    One file per spider, `DIR/<site>-<UTC start>.warc.gz`, a gzip member per record, written as the pages
    arrive: what a web archive can take in as it is. A refetch answered 304 brings no bytes and is not written.
    """

    def __init__(self, crawler: Crawler, directory: str) -> None:
        self.crawler = crawler
        self.directory = directory
        self.export: Any = None
        self.handle: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcPipeline:
        from scrapy.exceptions import NotConfigured

        directory = crawler.settings.get("UNIONNEWS_WARC_DIR")
        if not directory:
            raise NotConfigured  # no WARC asked for: the normal case, so Scrapy logs nothing (it warns given a reason)
        return cls(crawler, directory)

    def open_spider(self) -> None:
        from pathlib import Path

        from archive.models import utcnow
        from archive.warc import WarcExport

        spider: Any = self.crawler.spider
        folder = Path(self.directory)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{spider.profile.name}-{utcnow():%Y%m%d%H%M%S}.warc.gz"
        self.handle = open(folder / name, "ab")
        info = {"software": "unionnews crawl", "format": "WARC File Format 1.1", "isPartOf": spider.profile.name,
                "description": f"pages fetched from {spider.profile.base_url}"}  # fmt: skip
        self.export = WarcExport(self.handle, name, info)

    def close_spider(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageItem) and item.status != 304 and self.export is not None:
            from archive.warc import StoredPage

            self.export.write(StoredPage(item.url, item.status, item.headers, item.body, item.fetched_at))
            self.handle.flush()
        return item
