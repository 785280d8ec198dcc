"""Highlighted snippets: the passage of an article where most of the query's syllables occur, in any spelling."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from vnlang.text import fold, normalize

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


def _letter_classes() -> dict[str, str]:
    """Each ASCII letter → a regex class of every letter that folds to it ("o" → [oOòóỏõọôồ…])."""
    variants: dict[str, set[str]] = {}
    for cp in [*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(cp)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            variants.setdefault(base, {base, base.upper()}).add(char)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in variants.items()}


_CLASSES = _letter_classes()


@lru_cache(maxsize=256)
def _pattern(folded_terms: frozenset[str]) -> re.Pattern[str]:
    """One regex matching every query syllable in any spelling, run on the text as stored."""
    alternatives = ("".join(_CLASSES.get(ch, re.escape(ch)) for ch in term)
                    for term in sorted(folded_terms, key=len, reverse=True))  # fmt: skip
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def snippet(body: str, folded_terms: set[str], exact_terms: frozenset[str] = frozenset(), captions: str = "") -> str:
    """HTML: escaped text with <mark> around matches ("cong" marks "công", "cộng" and "cong" alike).

    The passage comes from the body; from the captions when only they hold the query's syllables, so
    an article found through a caption shows why.
    """
    pattern = _pattern(frozenset(folded_terms)) if folded_terms else None
    if pattern and captions and not pattern.search(body) and pattern.search(captions):
        body = captions
    matches = list(pattern.finditer(body)) if pattern else []
    if not matches:
        return html.escape(body[:WIDTH]) + (" …" if len(body) > WIDTH else "")
    words = [m.group() for m in matches]
    exact = [normalize(word) in exact_terms for word in words] if exact_terms else [False] * len(words)
    first = matches[_window([m.start() for m in matches], [fold(word) for word in words], exact)]
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
