"""What a researcher types → a small query tree of our own, independent of the index engine.

The syntax: words (ANDed), "quoted phrases", AND, OR, NOT (upper case), a leading minus (-word),
and parentheses. Adjacent words form a run: the run needs every syllable somewhere in the article,
and syllables that also stand side by side there score higher, so "người lao động" ranks the word
above its syllables scattered across a page. A run or phrase that contains a union abbreviation or
its expansion looks for either form. Anything the parser cannot read is a `QueryError` with a
message meant for the user.

Queries come from anyone who can make a browser send a GET, so their size is bounded before any work:
a length, a number of tokens and a depth of parentheses (the parser and the evaluator recurse once per
level, so the depth bound is what keeps both off Python's recursion limit), and the abbreviations of
one phrase, each of which doubles the spellings an engine looks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from archive.filters import Filters
from search.analysis import syllables
from vnlang.abbreviations import Abbreviations, load
from vnlang.text import fold, nfc

SORTS = ("relevance", "date")
MAX_QUERY_LENGTH = 1000  # characters
MAX_QUERY_TERMS = 64  # words, phrases, operators and parentheses
MAX_QUERY_DEPTH = 16  # parentheses inside each other
# Abbreviations (or expansions) in one quoted phrase: each doubles the ways to write it (Phrase.spellings),
# and every engine looks for each way. On the embedded engine 6 take 0.03 s, 12 take 3.5 s, and the 60 a
# query may otherwise hold would never end.
MAX_PHRASE_ABBREVIATIONS = 6


class QueryError(ValueError):
    """A query the user must rephrase; its message is shown as is."""


@dataclass(frozen=True)
class SearchRequest:
    """Query text, filters (archive.filters), or both; without text every article the filters keep, newest first."""

    text: str = ""
    limit: int = 10
    page: int = 1
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"  # or "date" (newest first)
    facets: bool = True
    facet_limit: int = 10

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r} (use relevance or date)")
        if self.limit < 1 or self.page < 1:
            raise QueryError("limit and page must be at least 1")

    def query(self) -> Node | None:
        """The parsed text; None when there is none and filters alone select (no text and no filter is an error)."""
        if not self.text.strip() and self.filters:
            return None
        return parse_query(self.text)


# The query tree. Syllables are normalised (exact form); the engine folds them where it needs to.


@dataclass(frozen=True)
class Alternatives:
    """An abbreviation and its expansion: either form matches."""

    short: str
    long: tuple[str, ...]


Item = str | Alternatives


@dataclass(frozen=True)
class Run:
    """Adjacent words: every item required; side-by-side pairs (`pairs`) add to the score."""

    items: tuple[Item, ...]
    pairs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Phrase:
    """Syllables that must stand side by side (matched as a chain of bigrams); an abbreviation in it, or
    its expansion, may stand in either form ("LĐLĐ tỉnh Hòa Bình" = "Liên đoàn Lao động tỉnh Hòa Bình")."""

    items: tuple[Item, ...]

    @property
    def spellings(self) -> list[tuple[str, ...]]:
        """The syllables of every way to write the phrase, each abbreviation short or spelled out."""
        forms = [((item,),) if isinstance(item, str) else ((item.short,), item.long) for item in self.items]
        return [tuple(s for part in choice for s in part) for choice in product(*forms)]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Run | Phrase | And | Or | Not


@dataclass
class _Lexer:
    tokens: list[tuple[str, str]] = field(default_factory=list)

    _SCAN = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s"()]+))')

    def scan(self, text: str) -> list[tuple[str, str]]:
        pos = depth = 0
        text = text.strip()
        while pos < len(text):
            if len(self.tokens) > MAX_QUERY_TERMS:
                raise QueryError(f"the query has more than {MAX_QUERY_TERMS} terms")
            match = self._SCAN.match(text, pos)
            if not match or match.end() == pos:
                break
            pos = match.end()
            if match["quote"] is not None:
                quoted = match["quote"]
                if len(quoted) < 2 or not quoted.endswith('"'):
                    raise QueryError("a quotation mark is not closed")
                self.tokens.append(("phrase", quoted[1:-1]))
            elif match["paren"]:
                depth += 1 if match["paren"] == "(" else -1
                if depth > MAX_QUERY_DEPTH:
                    raise QueryError(f"the query nests more than {MAX_QUERY_DEPTH} parentheses")
                self.tokens.append((match["paren"], match["paren"]))
            else:
                word = match["word"]
                if word in ("AND", "OR", "NOT"):
                    self.tokens.append((word, word))
                elif word == "-" and text[pos : pos + 1] == "(":
                    self.tokens.append(("NOT", "-"))
                elif word.startswith("-") and len(word) > 1 and syllables(word[1:]):
                    self.tokens.append(("NOT", "-"))
                    self.tokens.append(("word", word[1:]))
                else:
                    self.tokens.append(("word", word))
        return self.tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], abbreviations: Abbreviations) -> None:
        self.tokens = tokens
        self.at = 0
        self.abbreviations = abbreviations

    def peek(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek() is not None:
            kind, text = self.take()
            raise QueryError("a closing parenthesis has no opening one" if kind == ")" else f"unexpected {text!r}")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR", "AND"):
                raise QueryError("OR needs a term on both sides")
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts: list[Node] = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                if not parts or self.peek() in (None, ")", "OR", "AND"):
                    raise QueryError("AND needs a term on both sides")
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            raise QueryError(
                {None: "the query has no words to search for", "OR": "OR needs a term on both sides"}.get(
                    self.peek(), "empty parentheses"
                )
            )
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            if self.peek() in (None, ")", "OR", "AND", "NOT"):
                raise QueryError("NOT needs a term after it")
            inner = self.unary()
            return Not(inner) if inner is not None else None
        if kind == "(":
            self.take()
            node = self.or_expr()
            if self.peek() != ")":
                raise QueryError("a parenthesis is not closed")
            self.take()
            return node
        if kind == "phrase":
            found = tuple(s.text for s in syllables(self.take()[1]))
            if not found:
                return None
            if len(found) == 1:
                return self.run([found[0]], ())
            items = tuple(self.items(list(found)))
            if sum(isinstance(item, Alternatives) for item in items) > MAX_PHRASE_ABBREVIATIONS:
                raise QueryError(f"a quoted phrase holds more than {MAX_PHRASE_ABBREVIATIONS} abbreviations: split it")
            return Phrase(items)
        words: list[str] = []
        while self.peek() == "word":
            words.append(self.take()[1])
        items = syllables(" ".join(words))
        if not items:
            return None
        pairs = tuple((a.text, b.text) for a, b in zip(items, items[1:], strict=False) if b.joined)
        return self.run([s.text for s in items], pairs)

    def run(self, texts: list[str], pairs: tuple[tuple[str, str], ...]) -> Run:
        items = self.items(texts)
        return Run(tuple(items), tuple(dict.fromkeys(pairs + _alternative_pairs(items))))

    def items(self, texts: list[str]) -> list[Item]:
        """Group syllables, turning abbreviations and spelled-out expansions into alternatives."""
        folded = [fold(t) for t in texts]
        items: list[Item] = []
        i = 0
        while i < len(texts):
            for size in range(min(self.abbreviations.longest, len(texts) - i), 1, -1):
                entry = self.abbreviations.by_long.get(tuple(folded[i : i + size]))
                if entry:
                    items.append(Alternatives(entry.short, tuple(texts[i : i + size])))
                    i += size
                    break
            else:
                entry = self.abbreviations.by_short.get(folded[i])
                items.append(Alternatives(texts[i], entry.long) if entry else texts[i])
                i += 1
        return items


def _edges(item: Item) -> list[tuple[str, str]]:
    if isinstance(item, Alternatives):
        return [(item.short, item.short), (item.long[0], item.long[-1])]
    return [(item, item)]


def _alternative_pairs(items: list[Item]) -> tuple[tuple[str, str], ...]:
    """Pairs across an abbreviation's edge in either form: "LĐLĐ tỉnh" and "Lao động tỉnh" both score."""
    pairs: list[tuple[str, str]] = []
    for before, after in zip(items, items[1:], strict=False):
        if isinstance(before, Alternatives) or isinstance(after, Alternatives):
            pairs += [(b[1], a[0]) for b in _edges(before) for a in _edges(after)]
    return tuple(pairs)


def parse_query(text: str, abbreviations: Abbreviations | None = None) -> Node:
    text = nfc(text or "").strip()
    if not text:
        raise QueryError("empty query: give words to look for, or a filter")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    node = _Parser(_Lexer().scan(text), abbreviations or load()).parse()
    if not _has_positive(node):
        raise QueryError("the query only excludes words: add one to look for")
    return node


def _has_positive(node: Node) -> bool:
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(p) for p in node.parts)
    if isinstance(node, Or):
        return all(_has_positive(p) for p in node.parts)
    return True


def query_syllables(node: Node) -> set[str]:
    """Every positive syllable a query looks for, folded (for highlighting and suggestions)."""
    found: set[str] = set()
    if isinstance(node, Not):
        return found
    if isinstance(node, And | Or):
        for part in node.parts:
            found |= query_syllables(part)
    elif isinstance(node, Phrase):
        found |= {fold(s) for spelling in node.spellings for s in spelling}
    else:
        for item in node.items:
            if isinstance(item, Alternatives):
                found |= {fold(item.short), *(fold(s) for s in item.long)}
            else:
                found.add(fold(item))
    return found
