"""Run the news spider for several sites in one Scrapy process, then report each site's run."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from archive.config import Config
from archive.models import utcnow
from archive.runs import CrawlLedger, RunSummary
from archive.store import Archive
from crawler.lock import SiteBusy, SiteLock
from crawler.sites import SiteProfile
from unionnews.indexing import index_is_behind, open_engine, sync

# Starts `unionnews index --follow` so that it dies with the crawl, even a SIGKILLed one.
_FOLLOWER = "from crawler.workers import die_with_parent; die_with_parent(); from unionnews.cli import main; main()"


class BackgroundIndexer:
    """Indexes beside the crawl, on a core the crawl leaves idle, from its first stored page.

    Indexing at the end would leave all but one core idle for its whole length; the follower keeps
    up as pages arrive, and the final sync only has the last few left. A run that stores nothing
    never starts it.
    """

    def __init__(self, config: Config, crawlers: list[Any]) -> None:
        self.config = config
        self.crawlers = crawlers
        self.process: subprocess.Popen[bytes] | None = None
        self._loop: Any = None

    def watch(self) -> None:
        from twisted.internet import task  # the reactor CrawlerProcess installed

        self._loop = task.LoopingCall(self._start_when_needed)
        self._loop.start(0.5, now=False)

    def _start_when_needed(self) -> None:
        if any(c.stats.get_value("unionnews/fetched") for c in self.crawlers):
            self._loop.stop()
            command = [sys.executable, "-c", _FOLLOWER, "index", "--follow", "--interval", "1"]
            env = {**os.environ, "UNIONNEWS_HOME": str(self.config.home), "UNIONNEWS_DB": self.config.db_url}
            self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def finish(self) -> None:
        """Stop following (the follower ends its current sync first), then index what is left."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait()
        archive = Archive(self.config.db_url)
        try:
            if index_is_behind(self.config, archive):
                sync(open_engine(self.config), archive)
        finally:
            archive.close()


@dataclass(frozen=True)
class CrawlOptions:
    resume: bool = False  # continue each site's interrupted run, if it has one
    refresh: bool = False  # refetch archived articles too (conditionally)
    depth: int | None = None  # listing pages with nothing new before the walk stops (None: the profile's)
    settings: Mapping[str, str] = field(default_factory=dict)  # Scrapy settings, as `scrapy crawl -s`
    log_level: str = "WARNING"
    progress: bool = False  # a live status line on stderr (interactive runs)


class _OneLine(logging.Filter):
    """Scrapy logs a site that refuses connections with two chained tracebacks (from its robots.txt
    request); the run report already says "connection refused", so one line is enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def _settings(config: Config, options: CrawlOptions):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("UNIONNEWS_HOME", str(config.home), priority="cmdline")
    settings.set("UNIONNEWS_DB", config.db_url, priority="cmdline")
    settings.set("LOG_LEVEL", options.log_level, priority="cmdline")
    for name, value in options.settings.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    config: Config,
    profiles: Iterable[SiteProfile],
    base_urls: Mapping[str, str] | None = None,
    options: CrawlOptions | None = None,
) -> list[RunSummary]:
    """Crawl every profile (concurrently, one spider each) and return their run reports.

    A site another process is crawling is skipped and reported as "busy" (cron fired again before a
    long run ended); when every site is busy, SiteBusy is raised instead.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider
    from unionnews.progress import Progress

    options = options or CrawlOptions()
    requested = list(profiles)
    profiles = [p for p in requested if not SiteLock(config.home, p.name).is_held_elsewhere()]
    busy = [p.name for p in requested if p not in profiles]
    if not profiles:
        raise SiteBusy(f"{', '.join(busy)} {'is' if len(busy) == 1 else 'are'} being crawled by another process; "
                       "try again when it is done")  # fmt: skip
    settings = _settings(config, options)
    index = settings.getbool("UNIONNEWS_INDEX", True)  # off when another process follows a shared archive
    settings.set("UNIONNEWS_INDEX", False, priority="cmdline")  # one indexer for all the spiders, below
    process = CrawlerProcess(settings)
    if options.log_level != "INFO":
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_OneLine())
    crawlers = [process.create_crawler(NewsSpider) for _ in profiles]  # the process forgets finished ones
    for crawler, profile in zip(crawlers, profiles, strict=True):
        process.crawl(
            crawler,
            site=profile.name,
            base_url=(base_urls or {}).get(profile.name),
            resume=options.resume,
            refresh=options.refresh,
            depth=options.depth,
        )
    progress = Progress(crawlers) if options.progress else None
    indexer = BackgroundIndexer(config, crawlers) if index else None
    if progress:
        progress.start()
    if indexer:
        indexer.watch()
    process.start()
    if progress:
        progress.stop()
    if indexer:
        indexer.finish()
    busy += [p.name for p, c in zip(profiles, crawlers, strict=True) if c.stats.get_value("unionnews/busy")]
    run_ids = [c.stats.get_value("unionnews/run_id") for c in crawlers if c.stats.get_value("unionnews/run_id")]
    archive = Archive(config.db_url)
    try:
        runs = CrawlLedger(archive).summaries(run_ids)
    finally:
        archive.close()
    return runs + [_busy(name) for name in busy]


def _busy(site: str) -> RunSummary:
    """The report line of a site skipped because another process is crawling it."""
    return RunSummary(0, site, "busy", None, utcnow(), None, 0, 0, 0, 0, 0, 0, 0,
                      {"being crawled by another process": 1})  # fmt: skip
