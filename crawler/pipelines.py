"""Pipelines: the seam between Scrapy and the archive and index (the same code `unionnews ingest` uses).

Each result is stored in one transaction with its ledger mark (archive.store.mark_request), so the
run's report is read back from the ledger; the stats kept here only feed the progress display.

Cleaning and storing run on one worker thread, off the reactor: a 20 MB page takes seconds to clean
and compress, and in the reactor thread that would stall every download in flight into a timeout.
One thread keeps the archive's writes in order, and the reactor keeps fetching meanwhile.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from archive.ingest import process_page
from archive.store import Archive, FetchedPage
from crawler.items import FailureItem, PageItem
from crawler.run import SiteRun
from search.index import SearchIndex
from unionnews.config import Config, load_config


def _config(crawler: Crawler) -> Config:
    return load_config(crawler.settings.get("UNIONNEWS_HOME"), crawler.settings.get("UNIONNEWS_DB"))


class ArchivePipeline:
    """Extract and store every page, or record why it failed, in the spider's crawl run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.worker = ThreadPool(minthreads=1, maxthreads=1, name="archive")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.worker.start()

    def close_spider(self) -> None:
        self.worker.stop()

    @property
    def run(self) -> SiteRun:
        run = getattr(self.crawler.spider, "run", None)
        assert run is not None, "items arrive only after the spider opened its run"
        return run

    async def process_item(self, item: Any) -> Any:
        from twisted.internet import reactor

        outcome = await maybe_deferred_to_future(deferToThreadPool(reactor, self.worker, self._store, item, self.run))
        if outcome:
            self.crawler.stats.inc_value(f"unionnews/{outcome}")
            if isinstance(item, PageItem) and item.status != 304:
                self.crawler.stats.inc_value("unionnews/fetched")
        return item

    @staticmethod
    def _store(item: Any, run: SiteRun) -> str | None:
        if isinstance(item, FailureItem):
            run.archive.record_failure(run.site_id, item.url, item.reason, run.run_id, item.ledger_key)
            return "failed"
        if isinstance(item, PageItem) and item.status == 304:
            run.archive.record_not_modified(item.url, run.run_id, item.ledger_key)
            return "not-modified"
        if isinstance(item, PageItem):
            page = FetchedPage(item.url, item.body, item.status, item.headers, item.fetched_at, item.ledger_key,
                               item.requested_url)  # fmt: skip
            return process_page(run.archive, run.site_id, page, run.profile.selectors, run.run_id).value
        return None


class IndexPipeline:
    """Bring the search index up to date with the archive once the spider is done.

    `-s UNIONNEWS_INDEX=0` turns it off for workers of a shared archive, which `unionnews index --follow`
    indexes instead.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.config = _config(crawler)
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
            SearchIndex(self.config.index_dir).sync(archive)
        finally:
            archive.close()
