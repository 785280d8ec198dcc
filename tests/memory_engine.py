"""A second search engine, held in a dict: search.engine's interface without Whoosh, numpy or files.

Test support, never shipped. The app (unionnews.indexing) runs on it unchanged, which is what shows
that nothing outside search/ depends on the embedded engine. It matches folded syllables and, for
phrases, folded side-by-side pairs, and filters by the rows of archive.filters; its score only
counts the query's syllables in the article, so tests compare its rankings where the contract fixes
them (newest first), and offers no "did you mean".
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from archive.filters import ENTITY_TYPES
from search.analysis import syllables
from search.engine import Facets, IndexDocument, SearchHit, SearchResults
from search.query import Alternatives, And, Item, Node, Not, Or, Phrase, SearchRequest, query_syllables
from search.snippets import snippet
from vnlang.collation import sort_key
from vnlang.dates import VIETNAM
from vnlang.text import fold, nfc_name


class _Words:
    """An article's folded syllables (title, body and captions) and the folded pairs that stand side by side."""

    def __init__(self, doc: IndexDocument) -> None:
        self.counts: Counter[str] = Counter()
        self.pairs: set[tuple[str, str]] = set()
        for text in (doc.title, doc.body, doc.caption_text):
            found = syllables(text)
            self.counts.update(fold(s.text) for s in found)
            self.pairs |= {(fold(a.text), fold(b.text)) for a, b in zip(found, found[1:], strict=False) if b.joined}

    def phrase(self, words: tuple[str, ...]) -> bool:
        folded = [fold(w) for w in words]
        return all(pair in self.pairs for pair in zip(folded, folded[1:], strict=False)) and folded[0] in self.counts

    def item(self, item: Item) -> bool:
        if isinstance(item, Alternatives):
            return fold(item.short) in self.counts or self.phrase(item.long)
        return fold(item) in self.counts

    def match(self, node: Node) -> bool:
        if isinstance(node, Not):
            return not self.match(node.part)
        if isinstance(node, And):
            return all(self.match(part) for part in node.parts)
        if isinstance(node, Or):
            return any(self.match(part) for part in node.parts)
        if isinstance(node, Phrase):
            return any(self.phrase(spelling) for spelling in node.spellings)
        return all(self.item(item) for item in node.items)


def _stored(doc: IndexDocument, source: str) -> list[str]:
    """The article's values a filter tests (archive.filters' `source`: a field, or an entity type)."""
    if source in ENTITY_TYPES:
        return list(doc.entities(source))
    value = getattr(doc, source)
    return [value] if value else []


def _kept(doc: IndexDocument, request: SearchRequest) -> bool:
    """The request's filters, each by the one rule its row in archive.filters declares."""
    for row, values in request.filters.items():
        if not row.dated and not (all if row.every else any)(row.matches(_stored(doc, row.source), v) for v in values):
            return False
    start, end = request.filters.published()
    if start or end:
        return doc.published is not None and (start or doc.published) <= doc.published <= (end or doc.published)
    return True


def _facets(docs: list[IndexDocument], limit: int) -> Facets:
    names = ("site", "province", "year", "author", *ENTITY_TYPES)
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    for doc in docs:
        counts["site"][doc.site] += 1
        counts["province"][doc.province or ""] += 1
        counts["year"][str(doc.published.astimezone(VIETNAM).year) if doc.published else ""] += 1
        counts["author"][nfc_name(doc.author)] += 1
        for kind in ENTITY_TYPES:
            counts[kind].update(doc.entities(kind))
    facets = {name: sorted(((v, n) for v, n in found.items() if v), key=lambda item: (-item[1], sort_key(item[0])))[:limit]
              for name, found in counts.items()}  # fmt: skip
    facets["year"].sort(reverse=True)
    return facets


class MemoryEngine:
    def __init__(self) -> None:
        self.documents: dict[int, IndexDocument] | None = None  # None: no index yet
        self._lock = threading.Lock()

    def is_current(self) -> bool:
        return self.documents is not None

    def reset(self) -> None:
        self.documents = {}

    @contextmanager
    def rebuilding(self) -> Iterator[MemoryEngine]:
        fresh = MemoryEngine()
        fresh.reset()
        yield fresh
        self.documents = fresh.documents

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._lock:
            yield

    def add(self, documents: Sequence[IndexDocument]) -> None:
        assert self.documents is not None, "reset() makes the index first"
        self.documents.update((doc.id, doc) for doc in documents)

    def delete(self, ids: Iterable[int]) -> int:
        held = self.documents or {}
        return sum(held.pop(article_id, None) is not None for article_id in ids)

    def hashes(self) -> dict[int, str]:
        return {doc.id: doc.content_hash for doc in (self.documents or {}).values()}

    def count(self) -> int:
        return len(self.documents or {})

    def _ranked(self, request: SearchRequest) -> tuple[list[tuple[float, IndexDocument]], set[str]]:
        request.validate()
        node = request.query()  # None: the filters alone select, newest first
        terms = query_syllables(node) if node is not None else set()
        found = []
        for doc in (self.documents or {}).values():
            words = _Words(doc)
            if (node is None or words.match(node)) and _kept(doc, request):
                found.append((float(sum(words.counts[t] for t in terms)), doc))
        if request.sort == "date" or node is None:
            oldest = datetime.min.replace(tzinfo=UTC)
            found.sort(key=lambda item: (item[1].published or oldest, item[0]), reverse=True)
        else:
            found.sort(key=lambda item: (-item[0], item[1].id))
        return found, terms

    def search(self, request: SearchRequest) -> SearchResults:
        found, terms = self._ranked(request)
        start = (request.page - 1) * request.limit
        hits = [SearchHit(id=doc.id, url=doc.url, title=doc.title,
                          published=doc.published.astimezone(UTC) if doc.published else None, site=doc.site,
                          province=doc.province or None, author=nfc_name(doc.author) or None, category=doc.category,
                          score=score, snippet=snippet(doc.body, terms, captions=doc.caption_text))
                for score, doc in found[start : start + request.limit]]  # fmt: skip
        facets = _facets([doc for _, doc in found], request.facet_limit) if request.facets else {}
        return SearchResults(hits, len(found), request.page, -(-len(found) // request.limit), facets)

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        return [doc.id for _, doc in self._ranked(request)[0]]

    def warm(self) -> None:
        """Nothing to load: everything is in the dict."""

    def close(self) -> None:
        """Nothing to release."""
