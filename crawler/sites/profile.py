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

    def __post_init__(self) -> None:
        for pattern in (self.article_pattern, self.next_page_pattern):
            if pattern:
                re.compile(pattern)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url.rstrip("/") + "/", url.lstrip("/")) if not urlsplit(url).scheme else url

    def is_article(self, url: str) -> bool:
        return bool(re.search(self.article_pattern, url))

    def is_listing(self, url: str) -> bool:
        return bool(self.next_page_pattern and re.search(self.next_page_pattern, url))

    def rebased(self, base_url: str) -> SiteProfile:
        """The same site served elsewhere (a mirror, a staging copy, the demo server)."""
        return replace(self, base_url=base_url.rstrip("/"))
