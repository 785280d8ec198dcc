"""Canonical URLs: one article, one key, whatever decorations the link that led to it carried."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Tracking and session parameters never select content on these sites.
_VOLATILE_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|zarsrc|mc_cid|mc_eid|phpsessid|jsessionid|sessionid|session_id|sid|aspsessionid\w*)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _VOLATILE_PARAM.match(pair.split("=", 1)[0])
    )
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE) or "/"
    rebuilt = urlunsplit((parts.scheme.lower(), host, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)
