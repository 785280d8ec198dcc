"""Run the news spider for several sites in one Scrapy process, then report each site's run."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from archive.runs import CrawlLedger, RunSummary
from archive.store import Archive
from crawler.lock import SiteBusy, SiteLock
from crawler.sites import SiteProfile
from unionnews.config import Config


@dataclass(frozen=True)
class CrawlOptions:
    resume: bool = False  # continue each site's interrupted run, if it has one
    refresh: bool = False  # refetch archived articles too (conditionally)
    depth: int | None = None  # listing pages with nothing new before the walk stops (None: the profile's)
    settings: Mapping[str, str] = field(default_factory=dict)  # Scrapy settings, as `scrapy crawl -s`
    log_level: str = "WARNING"
    progress: bool = False  # a live status line on stderr (interactive runs)


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

    Raises SiteBusy, before crawling anything, when another process is crawling one of the sites.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider
    from unionnews.progress import Progress

    options = options or CrawlOptions()
    profiles = list(profiles)
    for profile in profiles:
        if SiteLock(config.home, profile.name).is_held_elsewhere():
            raise SiteBusy(f"{profile.name} is being crawled by another process; try again when it is done")
    process = CrawlerProcess(_settings(config, options))
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
    if progress:
        progress.start()
    process.start()
    if progress:
        progress.stop()
    stats = [crawler.stats for crawler in crawlers]
    busy = [s.get_value("unionnews/busy") for s in stats if s.get_value("unionnews/busy")]
    if busy:
        raise SiteBusy("; ".join(busy))
    run_ids = [s.get_value("unionnews/run_id") for s in stats if s.get_value("unionnews/run_id")]
    archive = Archive(config.db_url)
    try:
        return CrawlLedger(archive).summaries(run_ids)
    finally:
        archive.close()
