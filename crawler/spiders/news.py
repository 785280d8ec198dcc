"""The one spider: walks any site profile's listings, sitemaps and feeds to its article pages.

`scrapy crawl news -a site=demo-portal [-a base_url=http://127.0.0.1:9000] [-a resume=1] [-a refresh=1]
[-a depth=N]`. Sites differ only in their profile; anything site-specific in here would be a profile
field waiting to be named.

Crawls are incremental: an article archived before is not fetched again (unless `refresh`, and then
conditionally, with its ETag and Last-Modified), and the listing walk stops after `depth` listing
pages in a row that show nothing new. Every request goes through the run's ledger (crawler.run), which
is what lets `resume` finish a killed crawl with exactly the articles an uninterrupted one gets.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from lxml import etree
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from archive.runs import LedgerEntry
from crawler.discovery.walk import declared_canonical, walkable
from crawler.failures import OFF_SITE, describe, moved
from crawler.items import FailureItem, PageItem
from crawler.lock import SiteBusy
from crawler.run import URL_LENGTH_LIMIT, SiteRun, archive_config
from crawler.sites import SiteProfile, load_profiles

_ARTICLE_PRIORITY = 10  # finish the articles a listing led to before reading further listings


_T = TypeVar("_T")


def _answered(parse: Callable[[NewsSpider, Response, LedgerEntry], Iterator[_T]]
              ) -> Callable[[NewsSpider, Response], Iterator[_T | FailureItem]]:
    """A parse method of pages the site itself answered, given their ledger entry; a page that led off
    the site yields its failure instead, so each method holds only what its kind of page asks."""

    @wraps(parse)
    def method(spider: NewsSpider, response: Response) -> Iterator[_T | FailureItem]:
        assert spider.run is not None
        if failure := spider._off_site(response):
            yield failure
            return
        spider.answered += 1
        yield from parse(spider, response, response.meta["entry"])

    return method


def _flag(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes", "on") if value is not None else False


class NewsSpider(Spider):
    name = "news"

    def __init__(
        self,
        site: str | None = None,
        base_url: str | None = None,
        resume: Any = None,
        refresh: Any = None,
        depth: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not site:
            raise ValueError("which site? pass -a site=NAME (see `unionnews sites`)")
        self.site = site
        self.base_url = base_url
        self.resume = _flag(resume)
        self.refresh = _flag(refresh)
        self.depth: int | None = int(depth) if depth not in (None, "") else None  # None: the profile's
        self.profile: SiteProfile  # set by from_crawler, which knows the settings
        self.links: LinkExtractor
        self.walk = False  # the profile names no article URLs: every page is fetched, its content decides
        self.confirm = False  # a page fetched as an article must also read as one (cleaner.acceptance)
        self.run: SiteRun | None = None
        self.answered = 0  # responses that were not failures: none at all means the site is unreachable
        self.failures = 0
        self.moved_to: str | None = None  # where the start page redirected, when it left the site

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The profile comes from the home Scrapy's settings name (its own sites/ over the built-in ones).
        home = archive_config(crawler.settings).home
        profile = load_profiles(home).get(spider.site)
        spider.profile = profile.rebased(spider.base_url) if spider.base_url else profile
        spider.allowed_domains = spider.profile.hosts
        spider.links = LinkExtractor(restrict_css=spider.profile.crawl.listing_area or (), unique=True)
        if spider.depth is None:
            spider.depth = spider.profile.crawl.incremental_depth
        # No article regex: walk the site and let each page's content decide (crawler.discovery.walk).
        spider.walk = not spider.profile.crawl.article
        spider.confirm = spider.profile.content_decides
        # Politeness is a property of the site: each profile sets its own delay.
        crawler.settings.set("DOWNLOAD_DELAY", spider.profile.download_delay, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Request]:
        config = archive_config(self.settings)
        try:
            self.run = SiteRun(config, self.profile, resume=self.resume, refresh=self.refresh,
                               max_url_length=self.settings.getint("URLLENGTH_LIMIT", URL_LENGTH_LIMIT))  # fmt: skip
        except SiteBusy as exc:
            self.logger.error("%s; not crawling it now", exc)
            self.crawler.stats.set_value("unionnews/busy", str(exc))
            return
        self.crawler.stats.set_value("unionnews/run_id", self.run.run_id)
        if self.run.start.resumed:
            self.logger.info("resuming run %d of %s", self.run.run_id, self.profile.name)
        for entry in self.run.first_requests():
            yield self._request(entry)

    def _request(self, entry: LedgerEntry) -> Request:
        callback = {
            "listing": self.parse_listing,
            "sitemap": self.parse_sitemap,
            "feed": self.parse_feed,
            "article": self.parse_article,
            "page": self.parse_page,
        }[entry.kind]
        meta: dict[str, Any] = {"entry": entry}
        headers = self.run.conditional_headers(entry) if self.run is not None and entry.kind == "article" else {}
        if headers:
            meta["handle_httpstatus_list"] = [304]
        # The ledger already keeps each URL once per run; Scrapy's filter would also drop the second hop
        # of a redirect loop silently, and then its failure would never be recorded.
        return Request(
            entry.url,
            callback=callback,
            errback=self.failed,
            meta=meta,
            headers=headers,
            dont_filter=True,
            priority=_ARTICLE_PRIORITY if entry.kind == "article" else 0,
        )

    def _follow(self, entries: list[LedgerEntry], done: LedgerEntry) -> Iterator[Request]:
        assert self.run is not None
        for entry in self.run.record(entries, done):
            yield self._request(entry)

    def _article(self, url: str) -> LedgerEntry | None:
        """An article link (of a sitemap or feed) this run should fetch, or None; on a walk, any page."""
        assert self.run is not None
        if self.walk:
            entry = self.run.entry(self.profile.canonical(url), "page")
            return entry if walkable(self.profile, url) and self.run.wants_page(entry) else None
        if not (self.profile.may_follow(url) and self.profile.is_article(url)):
            return None
        entry = self.run.entry(self.profile.canonical(url), "article")
        return entry if self.run.wants(entry) else None

    def _off_site(self, response: Response) -> FailureItem | None:
        """A page that redirected to another host is not this site's page: recorded as a failure, and when
        it was a start page, as the site having moved there (the address `unionnews status` reports)."""
        if not response.meta.get("redirect_urls") or self.profile.owns(response.url):
            return None
        entry: LedgerEntry = response.meta["entry"]
        self.failures += 1
        reason = OFF_SITE
        if entry.url in self.profile.start_urls:
            parts = urlsplit(response.url)
            self.moved_to = f"{parts.scheme}://{parts.netloc}/"
            reason = moved(self.moved_to)
        self.logger.info("%s: %s", entry.url, reason)
        return FailureItem(self.profile.name, entry.url, reason, ledger_key=entry.key)

    @_answered
    def parse_listing(self, response: Response, page: LedgerEntry) -> Iterator[Request]:
        assert self.run is not None
        if self.walk:
            yield from self._walk(response, page)
            return
        follow: list[LedgerEntry] = []
        listings: list[str] = []
        anything_new = False
        for link in self.links.extract_links(response):
            if not self.profile.may_follow(link.url):
                continue
            url = self.profile.canonical(link.url)
            if self.profile.is_article(url):
                entry = self.run.entry(url, "article")
                anything_new = anything_new or self.run.is_new(entry)
                if self.run.wants(entry):
                    follow.append(entry)
            elif self.profile.is_listing(url):
                listings.append(url)
        # A refresh walks every page; otherwise a run of pages with nothing new ends the walk.
        stale = 0 if anything_new or self.run.refresh else page.stale + 1
        if (self.depth == 0 or stale < self.depth) and page.depth + 1 < self.profile.crawl.max_listing_pages:
            follow += [self.run.entry(url, "listing", page.depth + 1, stale) for url in listings]
        yield from self._follow(follow, page)

    @_answered
    def parse_sitemap(self, response: Response, page: LedgerEntry) -> Iterator[Request]:
        assert self.run is not None
        entries = []
        for item in Sitemap(response.body):
            url = item["loc"]
            if item.get("_type") == "sitemapindex" or url.endswith(".xml"):
                if self.profile.owns(url):
                    entries.append(self.run.entry(url, "sitemap"))
            elif entry := self._article(url):
                entries.append(entry)
        yield from self._follow(entries, page)

    @_answered
    def parse_feed(self, response: Response, page: LedgerEntry) -> Iterator[Request]:
        root = etree.fromstring(response.body, etree.XMLParser(recover=True, resolve_entities=False))
        links = [] if root is None else root.xpath(
            "//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href"
        )  # fmt: skip
        yield from self._follow([e for url in links if (e := self._article(url.strip()))], page)

    @_answered
    def parse_article(self, response: Response, entry: LedgerEntry) -> Iterator[PageItem]:
        yield self._item(response, entry)

    @_answered
    def parse_page(self, response: Response, entry: LedgerEntry) -> Iterator[PageItem | Request]:
        """A page of a walk: an article or a listing, which the cleaner tells; its links lead on either way."""
        yield self._item(response, entry)
        if isinstance(response, TextResponse):
            yield from self._walk(response, entry)

    def _item(self, response: Response, entry: LedgerEntry) -> PageItem:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        url, requested = response.url, entry.url
        if isinstance(response, TextResponse) and response.status == 200:
            href = response.xpath('//head/link[@rel="canonical"]/@href').get()
            url = self.profile.canonical(declared_canonical(self.profile, response.url, href))
            if url != response.url:
                requested = response.url
                assert self.run is not None
                self.run.seen.add(self.run.entry(url, "article").key)  # stored now: not fetched again this run
        return PageItem(self.profile.name, url, response.status, headers, response.body, entry.key, requested,
                        require_article=self.confirm)  # fmt: skip

    def _walk(self, response: Response, page: LedgerEntry) -> Iterator[Request]:
        """Every page of the site the response links to, within the walk's bounds."""
        assert self.run is not None
        follow: list[LedgerEntry] = []
        anything_new = False
        for link in self.links.extract_links(response):
            if not walkable(self.profile, link.url):
                continue
            entry = self.run.entry(self.profile.canonical(link.url), "page", page.depth + 1)
            anything_new = anything_new or self.run.is_new(entry)
            if self.run.wants_page(entry):
                follow.append(entry)
        # As on a listing walk: a run of pages with nothing new ends it, and so does the depth bound.
        stale = 0 if anything_new or self.run.refresh else page.stale + 1
        if not ((self.depth == 0 or stale < self.depth) and page.depth + 1 < self.profile.crawl.max_listing_pages):
            follow = []
        yield from self._follow([replace(e, stale=stale) for e in follow], page)

    def failed(self, failure: Failure) -> Iterator[FailureItem]:
        request = getattr(failure, "request", None)
        entry: LedgerEntry | None = request.meta.get("entry") if request is not None else None
        url = entry.url if entry else (request.url if request is not None else "?")
        reason = describe(failure)
        self.failures += 1
        self.logger.info("failed %s: %s", url, reason)  # recorded in the run; a warning would flood cron mail
        yield FailureItem(self.profile.name, url, reason, ledger_key=entry.key if entry else None)

    def closed(self, reason: str) -> None:
        if self.run is not None:
            if reason == "finished" and self.failures and not self.answered:
                reason = "moved" if self.moved_to else "unreachable"
            self.run.close(reason)
