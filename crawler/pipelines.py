"""Pipelines: the seam between Scrapy and the archive and index (the same code `unionnews ingest` uses)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from archive.ingest import process_page
from archive.store import Archive, FetchedPage
from crawler.items import FailureItem, PageItem
from search.index import SearchIndex
from unionnews.config import Config, load_config


def _config(crawler: Crawler) -> Config:
    return load_config(crawler.settings.get("UNIONNEWS_HOME"), crawler.settings.get("UNIONNEWS_DB"))


class ArchivePipeline:
    """Extract, store and count every page; one crawl run row per spider run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = _config(crawler)
        self.counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    @property
    def spider(self) -> Spider:
        assert self.crawler.spider is not None
        return self.crawler.spider

    def open_spider(self, spider: Spider | None = None) -> None:
        profile = self.spider.profile
        self.archive = Archive(self.config.db_url)
        self.site_id = self.archive.ensure_site(profile.name, profile.province, profile.base_url)
        self.run_id = self.archive.start_run(self.site_id)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, FailureItem):
            self.archive.record_failure(self.site_id, item.url, item.reason, self.run_id)
            self.counts["failed"] += 1
            return item
        if isinstance(item, PageItem):
            page = FetchedPage(item.url, item.body, item.status, item.headers, item.fetched_at)
            outcome = process_page(self.archive, self.site_id, page, self.spider.profile.selectors, self.run_id)
            self.counts["fetched"] += 1
            self.counts[outcome.value] += 1
            self.crawler.stats.inc_value(f"unionnews/{outcome.value}")
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        reason = self.crawler.stats.get_value("finish_reason") or "finished"
        self.archive.finish_run(self.run_id, dict(self.counts), "finished" if reason == "finished" else reason)
        self.archive.close()


class IndexPipeline:
    """Bring the search index up to date with the archive once the spider is done."""

    def __init__(self, crawler: Crawler) -> None:
        self.config = _config(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IndexPipeline:
        return cls(crawler)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        archive = Archive(self.config.db_url)
        try:
            SearchIndex(self.config.index_dir).sync(archive)
        finally:
            archive.close()
