"""One spider's crawl run: the site lock, the run ledger, and what the archive knew when it began.

The spider asks this object two questions about every link (was its page archived before the run?
has this run requested it already?) and tells it which requests a page led to; everything that
must survive a SIGKILL goes through `archive.runs.CrawlLedger` before a request is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property

from scrapy.settings import BaseSettings

from archive.config import Config, load_config
from archive.runs import CrawlLedger, LedgerEntry, RunStart
from archive.store import Archive
from archive.urls import canonical_url
from crawler.lock import SiteLock
from crawler.sites import SiteProfile

log = logging.getLogger(__name__)
URL_LENGTH_LIMIT = 2083  # Scrapy's URLLENGTH_LIMIT default: longer requests would be dropped unsent


def archive_config(settings: BaseSettings) -> Config:
    """The archive a crawl fills, from Scrapy settings alone (UNIONNEWS_HOME, UNIONNEWS_DB), as Scrapy components
    take their configuration: `unionnews crawl` passes its choice there, and `scrapy crawl` gets the environment's."""
    return load_config(settings.get("UNIONNEWS_HOME"), settings.get("UNIONNEWS_DB"))


class SiteRun:
    def __init__(self, config: Config, profile: SiteProfile, *, resume: bool, refresh: bool,
                 max_url_length: int = URL_LENGTH_LIMIT) -> None:  # fmt: skip
        """Takes the site's lock (SiteBusy if another process holds it) and opens or resumes its run."""
        self.profile = profile
        self.max_url_length = max_url_length
        self.lock = SiteLock(config.home, profile.name)
        self.lock.acquire()
        try:
            self.archive = Archive(config.db_url)
            self.ledger = CrawlLedger(self.archive)
            self.site_id = self.archive.ensure_site(profile.name, profile.province, profile.base_url)
            self.start: RunStart = self.ledger.begin(self.site_id, "refresh" if refresh else "incremental", resume)
            self.refresh = self.start.mode == "refresh"
            self.seen = self.ledger.seen(self.run_id)
            self.known = self.ledger.known_before(self.site_id, self.run_id)
            self.validators = self.ledger.validators(self.site_id) if self.refresh else {}
        except BaseException:
            self.lock.release()
            raise

    @property
    def run_id(self) -> int:
        return self.start.run_id

    def first_requests(self) -> list[LedgerEntry]:
        """The listing, sitemap and feed URLs the run has not recorded yet, and a resumed run's pending requests.

        A run killed before it recorded its start URLs resumes by recording them now.
        """
        pending = self.ledger.pending(self.run_id) if self.start.resumed else []
        starts = [
            *(self.entry(url, "listing") for url in self.profile.listing_urls),
            *(self.entry(url, "sitemap") for url in self.profile.crawl.sitemaps),
            *(self.entry(url, "feed") for url in self.profile.crawl.feeds),
        ]
        return [*self.record(starts), *pending]

    def entry(self, url: str, kind: str, depth: int = 0, stale: int = 0) -> LedgerEntry:
        url = self.profile.absolute(url)
        return LedgerEntry(canonical_url(url), url, kind, depth, stale)

    def is_new(self, entry: LedgerEntry) -> bool:
        """Not archived before this run began."""
        return entry.key not in self.known

    def wants(self, entry: LedgerEntry) -> bool:
        """Whether to fetch an article: new ones always, archived ones only on --refresh."""
        return self.refresh or self.is_new(entry)

    def wants_page(self, entry: LedgerEntry) -> bool:
        """Whether a walk fetches a page: any but an archived article (a listing is read again for what is new)."""
        return self.refresh or entry.key not in self.articles

    @cached_property
    def articles(self) -> set[str]:
        """Pages archived as articles before this run began (only a walk asks)."""
        return self.ledger.articles_before(self.site_id, self.run_id)

    def record(self, entries: Sequence[LedgerEntry], done: LedgerEntry | None = None) -> list[LedgerEntry]:
        """Keep the entries this run has not requested yet, write them to the ledger, and close `done`."""
        fresh: dict[str, LedgerEntry] = {}
        for entry in entries:
            if self.max_url_length and max(len(entry.url), len(entry.key)) > self.max_url_length:
                # Scrapy would drop the request unsent, leaving it pending in the ledger for ever; on
                # PostgreSQL a key this long can also exceed the unique index's row size and fail the
                # whole listing's batch with it
                log.warning("ignoring a link of %d characters (over %d): %s…", len(entry.url),
                            self.max_url_length, entry.url[:120])  # fmt: skip
                continue
            if entry.key not in self.seen and entry.key not in fresh:
                fresh[entry.key] = entry
        self.ledger.add(self.run_id, list(fresh.values()), (done.key, "done") if done else None)
        self.seen.update(fresh)
        return list(fresh.values())

    def conditional_headers(self, entry: LedgerEntry) -> dict[str, str]:
        etag, modified = self.validators.get(entry.key, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return headers

    def close(self, reason: str) -> None:
        """Freeze the run's report; a run cut short stays resumable (`unionnews crawl --resume`).

        `reason` is Scrapy's finish reason, "unreachable" when every request failed, or "moved" when the
        start pages redirected to another host.
        """
        try:
            self.ledger.finish(self.run_id, reason if reason in ("finished", "unreachable", "moved") else "interrupted")
            self.archive.close()
        finally:
            self.lock.release()
