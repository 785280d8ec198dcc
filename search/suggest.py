""""Did you mean": for a query with no hits, the nearest spellings the index actually holds.

Engine-independent: an engine hands over the syllables it holds as spelled (with how often, titles
counted twice) and a way to ask whether it holds a folded syllable; search.embedded.suggest reads
them from a Whoosh snapshot, search.postgresql from its term tables.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from search.analysis import syllables
from vnlang.text import fold

_WORD = re.compile(r"[^\s\"()]+")
_LONGEST = 12  # letters: a longer token is a name or a run-together typo, no syllable to suggest
# A candidate is at most two letters shorter than the typed syllable and one letter longer than an
# indexed one, so nothing typed longer than this has a neighbour; and the deletions of a word cost its
# length squared in strings of its length (a 2,000-letter word: 4 million strings, gigabytes).
_LONGEST_TYPED = _LONGEST + 2


@dataclass(frozen=True)
class Vocabulary:
    """The index's syllables, folded: how often each occurs, how it is spelt, and its near neighbours.

    Built once per index generation, so a query with no hits costs dictionary lookups, not a walk of
    the term dictionary or a posting list read per candidate.
    """

    forms: dict[str, str]  # folded syllable → its most frequent spelling with diacritics
    counts: dict[str, int]  # folded syllable → document frequency, titles counted twice
    neighbours: dict[str, list[str]]  # a syllable with one letter dropped (or none) → the syllables it comes from


def _variants(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def build_vocabulary(spellings: Mapping[str, int]) -> Vocabulary:
    """From each spelling the index holds (exact form) and its count, titles counted twice."""
    best: dict[str, tuple[int, str]] = {}
    counts: Counter[str] = Counter()
    for text, count in spellings.items():
        key = fold(text)
        counts[key] += count
        if count > best.get(key, (0, ""))[0]:
            best[key] = (count, text)
    neighbours: dict[str, list[str]] = {}
    for word in counts:
        if word.isalpha() and len(word) <= _LONGEST:
            for variant in _variants(word):
                neighbours.setdefault(variant, []).append(word)
    return Vocabulary({key: text for key, (_, text) in best.items()}, dict(counts), neighbours)


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def _closest(words: Vocabulary, folded: str) -> str | None:
    """The nearest syllable in the index, among equally near ones the most frequent.

    Candidates are the syllables that, less one letter, equal the query's syllable less up to two:
    one or two typed letters too many, or one wrong, or one too few and one wrong.
    """
    if len(folded) > _LONGEST_TYPED:
        return None
    near = {shorter for variant in _variants(folded) for shorter in _variants(variant)}
    candidates = {word for variant in near for word in words.neighbours.get(variant, ())}
    candidates.discard(folded)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (_distance(folded, c), -words.counts[c], c))


def suggest(text: str, known: Callable[[str], bool], vocabulary: Callable[[], Vocabulary]) -> str | None:
    """The query with each syllable the index does not hold (`known`, asked with the folded syllable)
    replaced by the closest one it does; the vocabulary is asked for only when one is missing."""
    changed = False
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        out.append(text[last : match.start()])
        last = match.end()
        parts = [fold(s.text) for s in syllables(word)]
        if word in ("AND", "OR", "NOT") or not parts or all(known(p) for p in parts):
            out.append(word)
            continue
        fixed = []
        for part in parts:
            if known(part):
                fixed.append(part)
                continue
            best = _closest(vocabulary(), part)
            fixed.append(best or part)
            changed |= best is not None
        forms = vocabulary().forms
        respelled = " ".join(forms.get(p, p) for p in fixed)
        out.append(respelled[:1].upper() + respelled[1:] if word[:1].isupper() else respelled)
    out.append(text[last:])
    return "".join(out).strip() if changed else None
