"""The one spider: walks any site profile's listings, sitemaps and feeds to its article pages.

`scrapy crawl news -a site=demo-portal [-a base_url=http://127.0.0.1:9000]`. Sites differ only in
their profile; anything site-specific in here would be a profile field waiting to be named.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from lxml import etree
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.items import FailureItem, PageItem
from crawler.sites import SiteProfile, get_profile


class NewsSpider(Spider):
    name = "news"

    def __init__(self, site: str | None = None, base_url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not site:
            raise ValueError("which site? pass -a site=NAME (see `unionnews sites`)")
        profile = get_profile(site)
        self.profile: SiteProfile = profile.rebased(base_url) if base_url else profile
        self.allowed_domains = [self.profile.host]
        self.links = LinkExtractor(restrict_css=self.profile.listing_area or (), unique=True)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Politeness is a property of the site: each profile sets its own delay.
        crawler.settings.set("DOWNLOAD_DELAY", spider.profile.download_delay, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.profile.listing_urls:
            yield self._request(url, self.parse_listing, page=1)
        for url in self.profile.sitemap_urls:
            yield self._request(url, self.parse_sitemap)
        for url in self.profile.feed_urls:
            yield self._request(url, self.parse_feed)

    def _request(self, url: str, callback: Any, **cb_kwargs: Any) -> Request:
        return Request(self.profile.absolute(url), callback=callback, errback=self.failed, cb_kwargs=cb_kwargs)

    def _follow_article(self, url: str) -> Request | None:
        return self._request(url, self.parse_article) if self.profile.is_article(url) else None

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        for link in self.links.extract_links(response):
            if request := self._follow_article(link.url):
                yield request
            elif self.profile.is_listing(link.url) and page < self.profile.max_listing_pages:
                yield self._request(link.url, self.parse_listing, page=page + 1)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        for entry in Sitemap(response.body):
            url = entry["loc"]
            if entry.get("_type") == "sitemapindex" or url.endswith(".xml"):
                yield self._request(url, self.parse_sitemap)
            elif request := self._follow_article(url):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        root = etree.fromstring(response.body, etree.XMLParser(recover=True, resolve_entities=False))
        if root is None:
            return
        links = root.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href")
        for url in links:
            if request := self._follow_article(url.strip()):
                yield request

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        yield PageItem(self.profile.name, response.url, response.status, headers, response.body)

    def failed(self, failure: Failure) -> Iterator[FailureItem]:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        self.logger.warning("failed %s: %s", url, reason)
        yield FailureItem(self.profile.name, url, reason)
