"""Scrapy settings: polite by default, because the targets are small government-hosted sites.

Archive location comes from UNIONNEWS_HOME / UNIONNEWS_DB (or -s UNIONNEWS_HOME=…), the same
variables the `unionnews` command reads, so `scrapy crawl` and `unionnews crawl` fill one archive.
"""

import os

BOT_NAME = "unionnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "unionnews/0.1 (archive of Vietnamese labour-union news; +https://pypi.org/project/unionnews/)"
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
# Scrapy starts this many asyncio tasks for every response's output, whatever its size; a page yields
# one item or a few dozen requests, and the worker processes bound the real parallelism anyway.
CONCURRENT_ITEMS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_AFTER_MAX = 120  # seconds: a longer Retry-After means the site is down for this run
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # every failure is recorded in the run report; cron mail stays quiet
REDIRECT_MAX_TIMES = 5
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy ≥ 2.19 would otherwise listen on a port for every spider

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryAfterMiddleware": 560,  # before RetryMiddleware (550) sees the response
}

ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
    "crawler.pipelines.WarcPipeline": 400,  # only with UNIONNEWS_WARC_DIR (`unionnews crawl --warc DIR`)
    "unionnews.indexing.IndexPipeline": 800,  # the app's: the crawler does not import search
}

# Worker processes that clean and store pages (crawler.workers); 0 means one per core.
UNIONNEWS_WORKERS = int(os.environ.get("UNIONNEWS_WORKERS", "0"))
# The pipelines await worker processes through asyncio (Scrapy's default reactor since 2.13).
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

UNIONNEWS_HOME = os.environ.get("UNIONNEWS_HOME")
UNIONNEWS_DB = os.environ.get("UNIONNEWS_DB")

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
