"""One index generation held in memory as numpy arrays: what scoring, filters and facets read.

A snapshot is built once per index generation (after each sync) and reused by every search until the
index changes, which is how a long-running process (the web app) answers in milliseconds. Posting
lists are cached by term, least recently used first out.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from datetime import UTC, datetime

import numpy as np
from whoosh.searching import Searcher
from whoosh.util.times import datetime_to_long

from search.embedded.postings import field_lengths, read_postings
from search.embedded.schema import ENTITY_TYPES, TEXT_FIELDS
from vnlang.collation import sort_key

K1, B = 1.2, 0.75
_CACHE_TERMS = 4096


class Snapshot:
    def __init__(self, searcher: Searcher, generation: object) -> None:
        self.searcher = searcher
        self.generation = generation
        reader = searcher.reader()
        self.reader = reader
        self.size = reader.doc_count_all()
        self.live = np.zeros(self.size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        self.count = int(self.live.sum())
        self.sites, self.site_codes = self._codes("site")
        self.provinces, self.province_codes = self._codes("province")
        self.authors, self.author_codes = self._codes("author")
        years = np.fromiter((y or 0 for y in self._column("year")), dtype=np.int64, count=self.size)
        self.years, self.year_codes = np.unique(years, return_inverse=True)
        self.dated = years > 0
        published = self._column("published", translate=False)  # datetime_to_long values, as date_mask compares
        self.published = np.fromiter((p if dated else 0 for p, dated in zip(published, self.dated, strict=True)),
                                     dtype=np.int64, count=self.size)  # fmt: skip
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bm25: OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._entities: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        self._ranks: dict[str, np.ndarray] = {}
        self.derived: dict[str, object] = {}  # what other modules compute once per generation (suggest)

    def _column(self, field: str, translate: bool = True) -> list[object]:
        """One value per document (None where it has none), segment by segment.

        A segment whose documents all lack a value (a sync of undated or author-less articles) has no
        column at all, and Whoosh's multi-segment column reader silently skips it, which would shift
        every later document's value onto the wrong document.
        """
        values: list[object] = []
        for leaf, _ in self.reader.leaf_readers():
            count = leaf.doc_count_all()
            if leaf.has_column(field):
                values += list(leaf.column_reader(field, translate=translate))
            else:
                values += [None] * count
        return values

    def _codes(self, field: str) -> tuple[list[str], np.ndarray]:
        values = self._column(field)
        names, codes = np.unique(np.asarray([v or "" for v in values], dtype=object), return_inverse=True)
        return [str(n) for n in names], codes.astype(np.int32)

    # postings and scores

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, term)
        with self._cache_lock:  # a web app searches from several threads
            found = self._postings.get(key)
            if found is not None:
                self._postings.move_to_end(key)
                return found
        found = read_postings(self.reader, field, term)
        if self.count < self.size:  # replaced and deleted articles stay in their segments until a merge
            live = self.live[found[0]]
            found = (found[0][live], found[1][live])
        with self._cache_lock:
            self._postings[key] = found
            if len(self._postings) > _CACHE_TERMS:
                self._postings.popitem(last=False)
        return found

    def drop_caches(self) -> None:
        """Forget every term's postings and scores (bench/search_scale.py times queries without them)."""
        with self._cache_lock:
            self._postings.clear()
            self._bm25.clear()

    def mask(self, field: str, term: str) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(field, term)[0]] = True
        return mask & self.live

    def idf(self, field: str, term: str) -> float:
        df = len(self.postings(field, term)[0])
        return math.log(1.0 + (self.count - df + 0.5) / (df + 0.5))

    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        if field not in self._lengths:
            lengths = field_lengths(self.reader, field, self.size)
            average = float(lengths[self.live].sum()) / max(self.count, 1)  # of live documents, as df is
            self._lengths[field] = (lengths, average or 1.0)
        return self._lengths[field]

    def add_bm25(self, scores: np.ndarray, field: str, term: str, weight: float) -> None:
        ids, contributions = self.bm25(field, term)
        if len(ids):
            scores[ids] += weight * contributions

    def bm25(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Each posting's BM25 score for this term, computed once per snapshot (it depends on nothing else)."""
        key = (field, term)
        with self._cache_lock:
            found = self._bm25.get(key)
            if found is not None:
                self._bm25.move_to_end(key)
                return found
        ids, tf = self.postings(field, term)
        lengths, average = self.lengths(field)
        norm = K1 * (1.0 - B + B * lengths[ids] / average)
        found = (ids, (self.idf(field, term) * tf * (K1 + 1.0) / (tf + norm)).astype(np.float32))
        with self._cache_lock:
            self._bm25[key] = found
            if len(self._bm25) > _CACHE_TERMS:
                self._bm25.popitem(last=False)
        return found

    # filters and facets

    def date_mask(self, start: datetime | None, end: datetime | None) -> np.ndarray:
        mask = self.dated.copy()
        if start is not None:
            mask &= self.published >= datetime_to_long(start.astimezone(UTC).replace(tzinfo=None))
        if end is not None:
            mask &= self.published <= datetime_to_long(end.astimezone(UTC).replace(tzinfo=None))
        return mask

    def entity_table(self, kind: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(names, document of each mention, name of each mention) for one entity type."""
        if kind not in self._entities:
            codes: dict[str, int] = {}
            docs: list[int] = []
            names: list[int] = []
            field = f"{kind}_name"
            for leaf, offset in self.reader.leaf_readers():  # each segment's own terms: no failed lookups
                for term, _ in leaf.iter_field(field):
                    name = term.decode("utf-8") if isinstance(term, bytes) else term
                    code = codes.setdefault(name, len(codes))
                    ids = [offset + docnum for docnum in leaf.postings(field, term).all_ids()]
                    docs += ids
                    names += [code] * len(ids)
            self._entities[kind] = (list(codes), np.asarray(docs, dtype=np.int64), np.asarray(names, dtype=np.int32))
        return self._entities[kind]

    def collation_ranks(self, field: str, names: list) -> np.ndarray:
        """Each value's place in Vietnamese alphabetical order (vnlang.collation), once per field per generation.

        The values come from np.unique and the index's terms, both in code-point order ("Hoàng" before "Hà").
        """
        if field not in self._ranks:
            order = sorted(range(len(names)), key=lambda i: sort_key(str(names[i])))
            ranks = np.empty(len(names), dtype=np.int64)
            ranks[order] = np.arange(len(names))
            self._ranks[field] = ranks
        return self._ranks[field]

    def prepare(self) -> None:
        """Load what the first searches would otherwise load on the way: field lengths and entity tables."""
        for field in TEXT_FIELDS:
            self.lengths(field)
        for kind in ENTITY_TYPES:
            self.collation_ranks(kind, self.entity_table(kind)[0])

    def facets(self, mask: np.ndarray, limit: int) -> dict[str, list[tuple[str, int]]]:
        def top(field: str, names: list, counts: np.ndarray) -> list[tuple[str, int]]:
            """The most frequent values; equal counts in Vietnamese alphabetical order."""
            order = np.lexsort((self.collation_ranks(field, names), -counts))[:limit]
            return [(str(names[i]), int(counts[i])) for i in order if counts[i] > 0]

        def named(field: str, names: list[str], codes: np.ndarray) -> list[tuple[str, int]]:
            """Counts of a column whose empty value means "none": it is left out before the top are taken."""
            counts = np.bincount(codes[mask], minlength=len(names))
            if names and names[0] == "":  # np.unique sorted the names: the empty one comes first
                counts[0] = 0
            return top(field, names, counts)

        result = {
            "site": top("site", self.sites, np.bincount(self.site_codes[mask], minlength=len(self.sites))),
            "province": named("province", self.provinces, self.province_codes),
        }
        year_counts = np.bincount(self.year_codes[mask & self.dated], minlength=len(self.years))
        result["year"] = sorted(top("year", list(self.years), year_counts), key=lambda item: item[0], reverse=True)
        result["author"] = named("author", self.authors, self.author_codes)
        for kind in ENTITY_TYPES:
            names, docs, codes = self.entity_table(kind)
            result[kind] = top(kind, names, np.bincount(codes[mask[docs]], minlength=len(names)))
        return result
