"""Articles and queries in PostgreSQL's text-search types, analysed by search.analysis as the embedded engine does.

The tsvectors are made here, in Python, not by a PostgreSQL text-search configuration (nor `unaccent`,
whose rules are not vnlang's folding): the same code that splits, normalises and folds a text for the
embedded engine (search.analysis, vnlang.text) splits it for this one, so both engines hold the same
syllables and a query meets the same terms in either.
Each article is two vectors: `exact` (NFC, one tone-mark style, lower case) and `folded` (the same
with diacritics removed and đ → d). Syllables keep their positions, so a phrase is a chain of `<->`
(followed-by) operators; a syllable after punctuation moves two positions on, so a phrase matches only
syllables that stand side by side with nothing but spaces between (as the embedded bigrams do). Title,
body and captions share one vector, told apart by weight (A, D and C), with a gap between them.
Abbreviations are expanded in the query (search.query), both ways, as for the embedded engine.

PostgreSQL's limits are kept: a lexeme of at most 2,047 bytes, 256 positions per lexeme, positions up
to 16,383 (later syllables are still found, but not as phrases) and a vector under 1 MB.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from search.analysis import analyse
from search.query import Alternatives, And, Item, Node, Not, Or, Phrase, Run
from vnlang.text import fold

# Bump on any change to how vectors or the tables are made (search.postgresql.engine rebuilds then).
FORMAT_VERSION = 1

# tsvector weights of the three sources; ts_rank takes its weights in the order D, C, B, A.
SOURCES = (("title", "A"), ("body", "D"), ("captions", "C"))
_MAX_LEXEME = 2046  # bytes
_MAX_POSITIONS = 256
_MAX_POSITION = 16383
_MAX_VECTOR = 900_000  # bytes, an estimate kept under PostgreSQL's 1 MB


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _literal(positions: dict[str, list[str]]) -> str:
    return " ".join(f"{_quoted(lexeme)}:{','.join(found)}" for lexeme, found in positions.items())


def vectors(texts: dict[str, str]) -> tuple[str, str]:
    """The exact and folded tsvector literals of an article's title, body and captions."""
    exact: dict[str, list[str]] = {}
    folded: dict[str, list[str]] = {}
    size = {"exact": 0, "folded": 0}
    position = 0
    for source, weight in SOURCES:
        analysed = analyse(texts.get(source) or "")
        position += 2  # no phrase spans two sources
        suffix = "" if weight == "D" else weight
        for start, end, joined in analysed.spans:
            position += 1 if joined else 2
            at = f"{min(position, _MAX_POSITION)}{suffix}"
            word = analysed.exact[start:end]
            plain = analysed.folded[start:end] if analysed.folded else fold(word)
            for kind, held, lexeme in (("exact", exact, word), ("folded", folded, plain)):
                found = held.get(lexeme)
                if found is None:
                    cost = len(lexeme.encode("utf-8")) + 8
                    if cost > _MAX_LEXEME or size[kind] + cost > _MAX_VECTOR:
                        continue
                    size[kind] += cost
                    held[lexeme] = [at]
                elif len(found) < _MAX_POSITIONS and found[-1] != at:
                    size[kind] += 3
                    found.append(at)
    return _literal(exact), _literal(folded)


def _chain(words: tuple[str, ...]) -> str:
    return " <-> ".join(_quoted(fold(word)) for word in words)


def _item(item: Item) -> str:
    if isinstance(item, Alternatives):
        return f"({_quoted(fold(item.short))} | {_chain(item.long)})"
    return _quoted(fold(item))


def tsquery(node: Node) -> str:
    """The query tree as a tsquery over the folded vector: which articles match."""
    if isinstance(node, Not):
        return f"!({tsquery(node.part)})"
    if isinstance(node, And | Or):
        return (" & " if isinstance(node, And) else " | ").join(f"({tsquery(part)})" for part in node.parts)
    if isinstance(node, Phrase):
        return " | ".join(f"({_chain(spelling)})" for spelling in node.spellings)
    return " & ".join(_item(item) for item in node.items)


@dataclass
class Scoring:
    """What scores an article, as search.embedded.evaluate scores it: each folded syllable, each pair of
    side-by-side syllables (a run's pairs, a phrase's links) and, for a query with diacritics, each
    syllable in its exact form. Counted, as a syllable asked for twice weighs twice."""

    accented: bool
    syllables: Counter[str] = field(default_factory=Counter)  # folded
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # folded
    exact: Counter[str] = field(default_factory=Counter)

    def node(self, node: Node) -> Scoring:
        if isinstance(node, And | Or):
            for part in node.parts:
                self.node(part)
        elif isinstance(node, Phrase):
            for spelling in node.spellings:
                self.phrase(spelling, syllables=True)
        elif isinstance(node, Run):
            for item in node.items:
                if isinstance(item, Alternatives):
                    self.syllable(item.short)
                    self.phrase(item.long, syllables=False)
                else:
                    self.syllable(item)
            for before, after in node.pairs:
                self.pairs[fold(before), fold(after)] += 1
        return self  # Not: what a query excludes scores nothing

    def syllable(self, text: str) -> None:
        self.syllables[fold(text)] += 1
        if self.accented and len(text.encode("utf-8")) <= _MAX_LEXEME:  # a longer one is in no vector
            self.exact[text] += 1

    def phrase(self, words: tuple[str, ...], syllables: bool) -> None:
        if len(words) == 1:
            self.syllable(words[0])
            return
        for before, after in zip(words, words[1:], strict=False):
            self.pairs[fold(before), fold(after)] += 1
        if syllables and self.accented:
            self.exact.update(word for word in words if len(word.encode("utf-8")) <= _MAX_LEXEME)

    def folded_terms(self) -> Iterator[str]:
        """Every folded syllable whose document frequency the score needs."""
        yield from self.syllables
        yield from (fold(text) for text in self.exact)
        for pair in self.pairs:
            yield from pair


def single(term: str) -> str:
    return _quoted(term)


def pair(before: str, after: str) -> str:
    return f"{_quoted(before)} <-> {_quoted(after)}"
