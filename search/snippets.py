"""Highlighted snippets: the passages of an article where the query's syllables occur, in any spelling."""

from __future__ import annotations

import html

from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from search.analysis import folded_analyzer
from search.vietnamese import normalize

_ANALYZER = folded_analyzer()
_FRAGMENTER = ContextFragmenter(maxchars=200, surround=60)
_FORMATTER = HtmlFormatter(tagname="mark", between=" … ")


def snippet(body: str, folded_terms: set[str], top: int = 2) -> str:
    """HTML: escaped text with <mark> around matches ("cong" marks "công", "cộng" and "cong" alike)."""
    # The analyzer's offsets refer to the normalised text; they fit the stored NFC body when lengths agree.
    if folded_terms and len(normalize(body)) == len(body):
        found = highlight(body, frozenset(folded_terms), _ANALYZER, _FRAGMENTER, _FORMATTER, top=top)
        if found:
            return found
    return html.escape(body[:200])
