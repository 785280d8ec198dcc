"""Vietnamese text as the index sees it: syllables, exact or folded, and folded syllable bigrams.

Each text is indexed three ways: its syllables in exact form (NFC, one tone-mark style, lower case),
the same syllables folded to ASCII, and folded pairs of adjacent syllables. A query runs against all
of them: exact matches score above folded ones, "cong doan" and damaged text ("co sở", "đuợc") still
meet in the folded form, and a multi-syllable word ("người lao động") is a couple of bigram terms
instead of a positional phrase, which is what keeps phrase-like ranking cheap on a large index
(bench/search_scale.py measures it). Engine-independent: the query parser reads the same syllables,
and search.embedded.analyzers wraps them as Whoosh analyzers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from vnlang.text import fold, normalize

# Numbers like "18.000" stay one token, as Vietnamese prints thousands with dots. The text is NFC
# before this runs: Python's \w does not match combining marks, so NFD "Hòa" would split in two.
# Captured, so that split() gives the gaps and the syllables in turn (index_syllables).
_TOKEN = re.compile(r"(\w+(?:[.,]\d+)*)")
_SPACES = re.compile(r"\s{2,}")


class Syllable(NamedTuple):
    text: str  # normalised (exact) form
    start: int
    end: int
    joined: bool  # only whitespace separates it from the previous syllable


class Analysed(NamedTuple):
    exact: str  # the whole text normalised: NFC, one tone style, lower case
    folded: str  # the same folded; for NFC Vietnamese every letter folds to one, so offsets agree
    spans: tuple[tuple[int, int, bool], ...]  # (start, end, joined) of each syllable


@lru_cache(maxsize=16)
def analyse(text: str) -> Analysed:
    """A text's syllables, computed once however many fields (exact, folded, bigrams) read them."""
    exact = normalize(text)
    spans: list[tuple[int, int, bool]] = []
    last = -1
    for match in _TOKEN.finditer(exact):
        start, end = match.span()
        gap = exact[last:start] if last >= 0 else ""
        spans.append((start, end, last >= 0 and (gap == " " or gap.isspace())))
        last = end
    folded = fold(exact)
    return Analysed(exact, folded if len(folded) == len(exact) else "", tuple(spans))


def _folded(analysed: Analysed, start: int, end: int) -> str:
    return analysed.folded[start:end] if analysed.folded else fold(analysed.exact[start:end])


def syllables(text: str) -> tuple[Syllable, ...]:
    """The normalised syllables of a text, with offsets into it (NFC input keeps them valid)."""
    analysed = analyse(text)
    return tuple(Syllable(analysed.exact[a:b], a, b, joined) for a, b, joined in analysed.spans)


def folded_bigrams(analysed: Analysed) -> Iterator[tuple[str, int, int]]:
    """Folded pairs of side-by-side syllables ("người lao động" → "nguoi lao", "lao dong") with offsets."""
    spans = analysed.spans
    for (a_start, a_end, _), (b_start, b_end, joined) in zip(spans, spans[1:], strict=False):
        if not joined:
            continue
        if b_start == a_end + 1:
            yield _folded(analysed, a_start, b_end), b_start, b_end
        else:
            yield f"{_folded(analysed, a_start, a_end)} {_folded(analysed, b_start, b_end)}", b_start, b_end


def index_syllables(text: str) -> tuple[list[str], list[str]]:
    """A text's exact syllables and the gaps between side-by-side ones: what indexing counts, per batch.

    The syllables of syllables() without offsets, which indexing does not keep, from one split() and
    no Python step per syllable; runs of whitespace are collapsed first, which changes no term (see
    bigram_separator). Folding and pairing are left to the indexer, which does each once per distinct
    syllable or pair of a batch rather than once per occurrence (search.embedded.counting).
    """
    parts = _TOKEN.split(_SPACES.sub(" ", normalize(text)))  # gap, syllable, gap, ..., syllable, gap
    return parts[1::2], parts[2:-1:2]


def bigram_separator(gap: str) -> str | None:
    """What joins two folded syllables into a bigram across this gap, as folded_bigrams() joins them:
    the one whitespace character, one space for a longer run of whitespace, None (no bigram) otherwise."""
    if not gap.isspace():
        return None
    return gap if len(gap) == 1 else " "


def bigrams(items: tuple[Syllable, ...]) -> Iterator[str]:
    """Folded pairs of side-by-side syllables of already split text (queries)."""
    for before, after in zip(items, items[1:], strict=False):
        if after.joined:
            yield f"{fold(before.text)} {fold(after.text)}"
