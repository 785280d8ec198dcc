"""Crawl-time discovery: what the spider needs when a profile's URLs cannot say which pages are articles.

A profile with no article regex (most registry rows hold only a home page) is crawled as a walk:
every page of the site the links reach, within the profile's bounds, is fetched and handed to the
cleaner, whose acceptance (cleaner.acceptance) decides what is archived as an article; the rest are
kept as raw pages with the reason. Two rules keep such a walk from archiving one article twice:
print views (named in presets.toml) are never followed, and a page that declares another address of
this site as its canonical one is filed under that address.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.discovery.presets import variants
from crawler.sites.profile import SiteProfile


def walkable(profile: SiteProfile, url: str) -> bool:
    """A link a walk may follow: on the site, not excluded by the profile, not a print view."""
    return profile.may_follow(url) and not variants().is_print(url)


def declared_canonical(profile: SiteProfile, url: str, href: str | None) -> str:
    """The address a fetched page is filed under: its `<link rel=canonical>` when that is a page of this site.

    Some CMSs name the home page or a listing as every page's canonical; such a declaration is ignored,
    or every article would be filed under one address.
    """
    if not href:
        return url
    declared = profile.canonical(urljoin(url, href.strip()))
    parts = urlsplit(declared)
    if parts.scheme not in ("http", "https") or not profile.owns(declared) or parts.path in ("", "/"):
        return url
    if any(profile.absolute(start).rstrip("/") == declared.rstrip("/") for start in profile.listing_urls):
        return url
    return declared
