"""An Atom feed of any search (RFC 4287): the same query and filters, newest first.

A researcher follows a topic or a person in any feed reader. The search page names its feed with
<link rel="alternate" type="application/atom+xml">, so readers find it from the page's address. Each
entry is an archived article: its id is the archive page's address (stable), its alternate link the
article as published, its summary the search snippet as plain text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from unionnews.web.api import Params, State
from unionnews.web.params import BadRequest, SearchParams
from unionnews.web.views import web_url
from vnlang.dates import iso_local

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
_TAG = re.compile(r"<[^>]+>")
router = APIRouter(include_in_schema=False)


def feed_url(params: SearchParams) -> str:
    return params.url("/search/atom", paging=False)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _title(params: SearchParams) -> str:
    shown = [f"«{params.q}»"] if params.q else []
    shown += [f"{name}: {value}" for name, value in params.items(paging=False) if name not in ("q", "sort")]
    return "unionnews – " + (", ".join(shown) or "mọi bài")


@router.get("/search/atom")
def search_feed(request: Request, params: Params, state: State) -> Response:
    if not params.selects:
        raise BadRequest("q: nhập từ khóa hoặc chọn bộ lọc (a query or a filter is required)")
    hits = state.search(params.changed(sort="date", limit=ENTRIES).request(facets=False)).hits
    base = str(request.base_url).rstrip("/")
    newest = max((h.published for h in hits if h.published), default=datetime(2000, 1, 1, tzinfo=UTC))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", base + feed_url(params))
    _add(feed, "title", _title(params))
    _add(feed, "updated", iso_local(newest))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + feed_url(params))
    _add(feed, "link", rel="alternate", type="text/html", href=base + params.changed(sort="date").url(paging=False))
    _add(_add(feed, "author"), "name", "unionnews")
    _add(feed, "generator", "unionnews")
    for hit in hits:
        entry = _add(feed, "entry")
        _add(entry, "id", f"{base}/articles/{hit.id}")
        _add(entry, "title", hit.title)
        _add(entry, "updated", iso_local(hit.published or newest))
        if hit.published:
            _add(entry, "published", iso_local(hit.published))
        _add(entry, "link", rel="alternate", type="text/html", href=web_url(hit.url) or f"{base}/articles/{hit.id}")
        _add(entry, "link", rel="related", type="text/html", href=f"{base}/articles/{hit.id}")
        if hit.author:
            _add(_add(entry, "author"), "name", hit.author)
        _add(entry, "category", term=hit.site, label=hit.province or hit.site)
        _add(entry, "summary", html.unescape(_TAG.sub("", hit.snippet)), type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type=MEDIA_TYPE)
