"""Canonical URLs: one article, one key, whatever address the link that led to it named.

The one rule for crawls, backfills, `ingest` and discovery. A site answers on several addresses: http
and https, with `www.` and without, and the mirrors its profile declares; links add tracking and
session parameters and reorder the query. `on_site` writes a link at the site's own address (the
profile's home), `canonical_url` makes the key the archive stores it under, and `spellings` lists the
keys one address may have been stored under before (by http, or under `www.`), so the archive finds it
whichever was first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Tracking and session parameters never select content on these sites.
_VOLATILE_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|zarsrc|mc_cid|mc_eid|phpsessid|jsessionid|sessionid|session_id|sid|aspsessionid\w*)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def site_host(url: str) -> str:
    """The host a URL names, as a site: lower case, without `www.`, with its port unless the scheme's default
    (so http://Www.Site.vn/ and https://site.vn:443/ name one site)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number names no site we know
        return host
    return f"{host}:{port}" if port and port != _DEFAULT_PORTS.get(parts.scheme.lower()) else host


def on_site(url: str, addresses: Sequence[str]) -> str:
    """`url` at the site's own address. `addresses`: the site's home URL, then its mirrors; a URL on any of
    their hosts, by http or https, with `www.` or without, is written at the home's scheme and host.
    Any other URL is returned as it is."""
    if not addresses or site_host(url) not in {site_host(address) for address in addresses}:
        return url
    home, parts = urlsplit(addresses[0]), urlsplit(url.strip())
    return urlunsplit((home.scheme, home.netloc, parts.path, parts.query, parts.fragment))


def canonical_url(url: str, addresses: Sequence[str] = ()) -> str:
    """The archive's key of a page: at the site's own address (`on_site`), lower-case host, no default port,
    no fragment, no tracking or session parameter, the query sorted."""
    parts = urlsplit(on_site(url, addresses).strip())
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _VOLATILE_PARAM.match(pair.split("=", 1)[0])
    )
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE) or "/"
    rebuilt = urlunsplit((parts.scheme.lower(), host, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def spellings(key: str) -> list[str]:
    """The keys one address may be stored under, `key` first: by http or https, with `www.` or without."""
    parts = urlsplit(key)
    host = site_host(key)
    schemes = dict.fromkeys((parts.scheme, *(_DEFAULT_PORTS.keys())))
    found = [urlunsplit((scheme, www + host, parts.path, parts.query, "")) for scheme in schemes for www in ("", "www.")]
    return list(dict.fromkeys([key, *found]))
