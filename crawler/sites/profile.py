"""A site profile: everything the generic spider and the cleaner need to know about one site.

Profiles are data, not code (Fundus-style): the URL shapes of listings and articles, where the
listing walk starts, optional sitemaps and feeds, and the CSS selectors of the article page. The same
profile crawls the real domain or, rebased, its imitation served on 127.0.0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from cleaner.selectors import Selectors


@dataclass(frozen=True)
class SiteProfile:
    name: str
    province: str
    base_url: str
    listing_urls: tuple[str, ...]
    article_pattern: str  # regex searched in absolute URLs of article pages
    next_page_pattern: str | None = None  # regex searched in absolute URLs of further listing pages
    listing_area: str | None = None  # CSS: where on a listing page to look for links (None: whole page)
    sitemap_urls: tuple[str, ...] = ()
    feed_urls: tuple[str, ...] = ()
    selectors: Selectors = field(default_factory=Selectors)
    family: str = "generic"  # the CMS family, for people reading the profile
    max_listing_pages: int = 200
    download_delay: float = 1.0  # seconds between requests; AutoThrottle adapts upward from here
    # How many listing pages in a row may show nothing new before the walk stops (0: walk them all).
    # It is what makes a scheduled run cheap, and what ends endless calendars and other traps.
    incremental_depth: int = 2

    def __post_init__(self) -> None:
        for pattern in (self.article_pattern, self.next_page_pattern):
            if pattern:
                re.compile(pattern)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def owns(self, url: str) -> bool:
        """Same host and port as the base URL (`www.` or not): links elsewhere are never followed."""
        ours, theirs = urlsplit(self.base_url), urlsplit(url)
        return (ours.hostname or "").removeprefix("www.") == (theirs.hostname or "").removeprefix("www.") and (
            ours.port == theirs.port
        )

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/")) if not urlsplit(url).scheme else url

    def is_article(self, url: str) -> bool:
        return bool(re.search(self.article_pattern, url))

    def is_listing(self, url: str) -> bool:
        return bool(self.next_page_pattern and re.search(self.next_page_pattern, url))

    def rebased(self, base_url: str) -> SiteProfile:
        """The same site served elsewhere (a mirror, a staging copy, the demo server)."""
        return replace(self, base_url=base_url.rstrip("/"))
