"""Run the news spider for several sites in one Scrapy process, then report each site's run."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from archive.models import CrawlRun
from archive.store import Archive
from crawler.sites import SiteProfile
from unionnews.config import Config


@dataclass(frozen=True)
class RunReport:
    site: str
    status: str
    fetched: int
    new: int
    updated: int
    unchanged: int
    failed: int


def _settings(config: Config, log_level: str):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("UNIONNEWS_HOME", str(config.home), priority="cmdline")
    settings.set("UNIONNEWS_DB", config.db_url, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    return settings


def run_crawl(
    config: Config, profiles: Iterable[SiteProfile], base_urls: Mapping[str, str] | None = None, log_level: str = "WARNING"
) -> list[RunReport]:
    """Crawl every profile (concurrently, one spider each) and return their run reports."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.news import NewsSpider

    archive = Archive(config.db_url)
    with archive.session() as session:
        last_run = session.scalar(select(CrawlRun.id).order_by(CrawlRun.id.desc()).limit(1)) or 0
    process = CrawlerProcess(_settings(config, log_level))
    for profile in profiles:
        process.crawl(NewsSpider, site=profile.name, base_url=(base_urls or {}).get(profile.name))
    process.start()
    with archive.session() as session:
        runs = session.scalars(select(CrawlRun).where(CrawlRun.id > last_run).order_by(CrawlRun.id)).all()
        reports = [
            RunReport(r.site.name, r.status, r.fetched, r.new, r.updated, r.unchanged, r.failed) for r in runs
        ]
    archive.close()
    return reports
