"""Keeps the search index up to date after a `scrapy crawl`, configured through Scrapy settings alone.

crawler/settings.py names this pipeline by its dotted path, so the crawler imports neither search nor
the app. `unionnews crawl` turns it off (UNIONNEWS_INDEX=0) and indexes once for all its spiders, and
so do the workers of a shared archive, which `unionnews index --follow` indexes instead.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from archive.store import Archive
from crawler.run import archive_config


class IndexPipeline:
    """Bring the search index up to date with the archive once the spider is done."""

    def __init__(self, crawler: Crawler) -> None:
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
        from search.embedded.index import SearchIndex  # Whoosh and numpy load only when there is indexing to do

        archive = Archive(self.config.db_url)
        try:
            SearchIndex(self.config.index_dir).sync(archive)
        finally:
            archive.close()
