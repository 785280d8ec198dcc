"""Whoosh analyzers for Vietnamese: syllables, exact or folded, and folded syllable bigrams.

Each text is indexed three ways: its syllables in exact form (NFC, one tone-mark style, lower case),
the same syllables folded to ASCII, and folded pairs of adjacent syllables. A query runs against all
of them: exact matches score above folded ones, "cong doan" and damaged text ("co sở", "đuợc") still
meet in the folded form, and a multi-syllable word ("người lao động") is a couple of bigram terms
instead of a positional phrase, which is what keeps phrase-like ranking cheap on a large index
(bench/search_scale.py measures it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import Analyzer

from search.vietnamese import fold, normalize

# Numbers like "18.000" stay one token, as Vietnamese prints thousands with dots. The text is NFC
# before this runs: Python's \w does not match combining marks, so NFD "Hòa" would split in two.
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*")


class Syllable(NamedTuple):
    text: str  # normalised (exact) form
    start: int
    end: int
    joined: bool  # only whitespace separates it from the previous syllable


@lru_cache(maxsize=16)
def syllables(text: str) -> tuple[Syllable, ...]:
    """The normalised syllables of a text, with offsets into it (NFC input keeps them valid).

    Cached for the few most recent texts: each field is analysed three ways (exact, folded, bigrams).
    """
    text = normalize(text)
    found: list[Syllable] = []
    last = None
    for match in _TOKEN.finditer(text):
        start = match.start()
        joined = last is not None and (text[last:start] == " " or text[last:start].isspace())
        found.append(Syllable(match.group(), match.start(), match.end(), joined))
        last = match.end()
    return tuple(found)


def bigrams(items: tuple[Syllable, ...]) -> Iterator[str]:
    """Folded pairs of syllables that stand side by side ("người lao động" → "nguoi lao", "lao dong")."""
    for before, after in zip(items, items[1:], strict=False):
        if after.joined:
            yield f"{fold(before.text)} {fold(after.text)}"


class _Tokenizer(Tokenizer):
    def _terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(self._terms(value) if tokenize else [(value, 0, len(value))]):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class SyllableTokenizer(_Tokenizer):
    def __init__(self, folded: bool) -> None:
        self.folded = folded

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SyllableTokenizer) and other.folded == self.folded

    def _terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        for item in syllables(text):
            yield (fold(item.text) if self.folded else item.text), item.start, item.end


class BigramTokenizer(_Tokenizer):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramTokenizer)

    def _terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        items = syllables(text)
        for pair, after in zip(bigrams(items), (i for i in items[1:] if i.joined), strict=True):
            yield pair, after.start, after.end


def exact_analyzer() -> Analyzer:
    return SyllableTokenizer(folded=False)


def folded_analyzer() -> Analyzer:
    return SyllableTokenizer(folded=True)


def bigram_analyzer() -> Analyzer:
    return BigramTokenizer()
