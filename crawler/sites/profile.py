"""A site profile: everything the generic spider and the cleaner need to know about one site.

Profiles are data, not code (Fundus-style): one TOML file per site (crawler/sites/files.py reads and
writes them; docs/profiles.md documents the format). The dataclasses here mirror the file: the top
level says who runs the site and where it is, `crawl` (CrawlRules) the URL shapes of its listings
and articles, and `selectors` the CSS of its article pages, oldest layout first. The same profile
crawls the real domain or, rebased, its imitation served on 127.0.0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from archive.urls import on_site, site_host
from cleaner.selectors import Selectors
from vnlang.dates import VIETNAM

LEVELS = ("province", "national", "sector", "newspaper", "demo")
EVIDENCE = ("article page seen", "linked from other sites", "seed page", "unverified", "test fixture")


@dataclass(frozen=True)
class CrawlRules:
    """The `[crawl]` table: how the walk finds article pages. All optional: a bare home page still crawls."""

    start: tuple[str, ...] = ()  # listing pages where the walk starts (default: the home page)
    article: tuple[str, ...] = ()  # regexes searched in absolute URLs of article pages
    listing: tuple[str, ...] = ()  # regexes of further listing pages (pagination)
    sections: tuple[str, ...] = ()  # path prefixes to keep to (a newspaper's union sections)
    exclude: tuple[str, ...] = ()  # regexes of links never followed (print views, search, tags)
    canonical_params: tuple[str, ...] = ()  # query parameters that are not part of a page's identity
    # The article regexes cannot tell every page apart (slug-only URLs): each page must also read as
    # an article (cleaner.acceptance), or it is kept as a raw page only. With no `article` regex at all,
    # the walk takes every page of the site and its content always decides.
    confirm: bool = False
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listing_area: str = ""  # CSS: where on a listing page links are read ("": the whole page)
    max_listing_pages: int = 200
    # How many listing pages in a row may show nothing new before the walk stops (0: walk them all).
    # It is what makes a scheduled run cheap, and what ends endless calendars and other traps.
    incremental_depth: int = 2


@dataclass(frozen=True)
class SiteProfile:
    """One site. `name` is the key (the file's name, and the archive's site name); `title` is the
    body's Vietnamese name, written `name` in the file."""

    name: str = field(metadata={"toml": None})  # from the file name, never written inside it
    title: str = field(default="", metadata={"toml": "name"})
    level: str = "province"  # one of LEVELS
    province: str = ""  # before the 1 July 2025 reorganisation ("" for national bodies)
    province_after_2025: str = ""  # the unit it belongs to since
    merged_from: tuple[str, ...] = ()  # the old provinces of that unit, when several were merged
    home: str = ""  # the home page URL
    evidence: str = "unverified"  # how we know the site exists: one of EVIDENCE
    evidence_url: str = ""  # e.g. the article page seen
    notes: str = ""
    family: str = ""  # the CMS family (a preset key): a guess until discovery confirms it
    mirrors: tuple[str, ...] = ()  # other base URLs of the same site (http/https, www., old hosts)
    download_delay: float = 1.0  # seconds between requests; AutoThrottle adapts upward from here
    crawl: CrawlRules = field(default_factory=CrawlRules)
    selector_sets: tuple[Selectors, ...] = field(default=(), metadata={"toml": "selectors"})  # oldest first

    # ---- where the site is

    @property
    def base_url(self) -> str:
        """Scheme, host and port of the home page: what the archive records as the site's address."""
        parts = urlsplit(self.home)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def host(self) -> str:
        return urlsplit(self.home).hostname or ""

    @property
    def hosts(self) -> list[str]:
        """Every host the site answers on (for Scrapy's allowed_domains)."""
        return list(dict.fromkeys(h for url in (self.home, *self.mirrors) if (h := urlsplit(url).hostname)))

    @property
    def addresses(self) -> tuple[str, ...]:
        """The home page, then the mirrors: every address the site answers on (archive.urls.on_site)."""
        return (self.home, *self.mirrors)

    def owns(self, url: str) -> bool:
        """The home's host and port, or a mirror's (`www.` or not, any scheme): links elsewhere are never followed."""
        return site_host(url) in {site_host(address) for address in self.addresses}

    def absolute(self, url: str) -> str:
        """A start, sitemap or feed URL of the profile, resolved against the home page."""
        return urljoin(self.home, url)

    @property
    def listing_urls(self) -> tuple[str, ...]:
        return self.crawl.start or (self.home,)

    @cached_property
    def start_urls(self) -> frozenset[str]:
        """Every page a walk starts from (listings, sitemaps, feeds), absolute."""
        return frozenset(self.absolute(u) for u in (*self.listing_urls, *self.crawl.sitemaps, *self.crawl.feeds))

    def rebased(self, base_url: str) -> SiteProfile:
        """The same site served elsewhere (a mirror, a staging copy, the demo server): its home path kept."""
        new = urlsplit(base_url)
        home = urlunsplit((new.scheme, new.netloc, urlsplit(self.home).path or "/", urlsplit(self.home).query, ""))
        return replace(self, home=home if new.path in ("", "/") else base_url, mirrors=())

    # ---- which links to follow

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
        def joined(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
            return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

        return joined(self.crawl.article), joined(self.crawl.listing), joined(self.crawl.exclude)

    @property
    def content_decides(self) -> bool:
        """Whether a page must read as an article (cleaner.acceptance) to be archived as one: when the
        profile names no article URLs (the crawl walks the site), or says its regexes cannot tell (`confirm`)."""
        return self.crawl.confirm or not self.crawl.article

    def is_article(self, url: str) -> bool:
        return bool((pattern := self._patterns[0]) and pattern.search(url))

    def is_listing(self, url: str) -> bool:
        return bool((pattern := self._patterns[1]) and pattern.search(url))

    def may_follow(self, url: str) -> bool:
        """On the site, inside its sections (when it names some), and not excluded."""
        if not self.owns(url) or ((exclude := self._patterns[2]) and exclude.search(url)):
            return False
        return not self.crawl.sections or (urlsplit(url).path or "/").startswith(self.crawl.sections)

    def canonical(self, url: str) -> str:
        """The URL at the site's own address (a mirror's, `www.` or not, http or https: archive.urls.on_site),
        without the query parameters the profile says do not select the page."""
        url = on_site(url, self.addresses)
        if not self.crawl.canonical_params or not (parts := urlsplit(url)).query:
            return url
        kept = [
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in self.crawl.canonical_params
        ]
        return urlunsplit(parts._replace(query=urlencode(kept, safe=":/")))

    # ---- how to read its article pages

    @property
    def selectors(self) -> Selectors:
        """The newest selector set: what a crawl uses today."""
        return self.selector_sets[-1] if self.selector_sets else Selectors()

    def selectors_at(self, fetched: datetime | date | None) -> Selectors:
        """The set that served the site's layout on the fetch date (Vietnam time): the first set whose
        `valid_until` is not before it, else the newest."""
        if fetched is None:
            return self.selectors
        day = fetched.astimezone(VIETNAM).date() if isinstance(fetched, datetime) else fetched
        return next(
            (s for s in self.selector_sets if s.valid_until is not None and day <= s.valid_until), self.selectors
        )
