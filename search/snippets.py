"""Highlighted snippets: the passage of an article where most of the query's syllables occur, in any spelling."""

from __future__ import annotations

import html
import re

from search.vietnamese import fold, normalize

WIDTH = 220  # characters of context shown
_LEAD = 50  # characters shown before the first match of the passage


def _window(starts: list[int], terms: list[str], exact: list[bool]) -> int:
    """Index of the match that opens the passage holding the most distinct query syllables, then the
    most spelled exactly as the query spells them."""
    best, best_at, right = (-1, -1), 0, 0
    for left in range(len(starts)):
        right = max(right, left)
        while right + 1 < len(starts) and starts[right + 1] - starts[left] < WIDTH - _LEAD:
            right += 1
        found = (len(set(terms[left : right + 1])), sum(exact[left : right + 1]))
        if found > best:
            best, best_at = found, left
    return best_at


def snippet(body: str, folded_terms: set[str], exact_terms: frozenset[str] = frozenset()) -> str:
    """HTML: escaped text with <mark> around matches ("cong" marks "công", "cộng" and "cong" alike).

    Matches are found in the folded body, which keeps the NFC body's offsets (one letter folds to one).
    """
    folded = fold(body)
    matches: list[re.Match[str]] = []
    if folded_terms and len(folded) == len(body):
        alternatives = "|".join(sorted((re.escape(t) for t in folded_terms), key=len, reverse=True))
        matches = list(re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", folded))
    if not matches:
        return html.escape(body[:WIDTH]) + (" …" if len(body) > WIDTH else "")
    exact = [normalize(body[m.start() : m.end()]) in exact_terms for m in matches]
    first = matches[_window([m.start() for m in matches], [m.group() for m in matches], exact)]
    start = max(0, first.start() - _LEAD)
    if start:
        start = body.find(" ", start, first.start()) + 1 or start
    end = min(len(body), start + WIDTH)
    if end < len(body) and " " in body[start:end]:
        end = body.rfind(" ", start, end)
    parts, at = ["… " if start else ""], start
    for m in matches:
        if m.start() >= start and m.end() <= end:
            parts += [html.escape(body[at : m.start()]), "<mark>", html.escape(body[m.start() : m.end()]), "</mark>"]
            at = m.end()
    parts += [html.escape(body[at:end]), " …" if end < len(body) else ""]
    return " ".join("".join(parts).split())
