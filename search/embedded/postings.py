"""Whoosh postings and per-document field lengths read into numpy arrays.

Whoosh scores one posting at a time in Python, which on 100,000 articles takes hundreds of
milliseconds for a common syllable such as "công". Reading a whole posting list block by block
(search.embedded.codec) and scoring it with numpy takes a few milliseconds. Postings of another
codec fall back to Whoosh's generic matcher interface.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound
from whoosh.util.numeric import byte_to_length

from search.embedded.codec import BlockMatcher

_EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)


def _generic(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def postings_arrays(matcher: Matcher) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of a matcher's postings from where it stands, in one step for this codec's."""
    return matcher.arrays() if isinstance(matcher, BlockMatcher) else _generic(matcher)


def read_postings(reader: IndexReader, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, term frequencies) of a term over all segments; deleted documents included
    (the caller masks them with the live-document array)."""
    all_ids: list[np.ndarray] = []
    all_weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        try:
            matcher = leaf.postings(field, term)
        except TermNotFound:
            continue
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        ids, weights = postings_arrays(matcher)
        all_ids.append(ids + offset)
        all_weights.append(weights)
    if not all_ids:
        return _EMPTY
    return np.concatenate(all_ids).astype(np.int32), np.concatenate(all_weights)


def field_lengths(reader: IndexReader, field: str, doc_count: int) -> np.ndarray:
    """Each document's length in terms for one field (Whoosh keeps it as one byte per document).

    Read from the segment's lengths column directly: the public doc_field_length, a call per document,
    takes 2.5 times as long, which a server would pay at every new index generation.
    """
    lengths = np.zeros(doc_count, dtype=np.float32)
    for leaf, offset in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        count = leaf.doc_count_all()
        if perdoc is not None and perdoc.has_column(_lenfield(field)):
            column = perdoc.column_reader(_lenfield(field), LENGTHS_COLUMN)
            raw = np.frombuffer(bytes(column[i] for i in range(count)), dtype=np.uint8)
            lengths[offset : offset + count] = _BYTE_TO_LENGTH[raw]
        else:
            for docnum in range(count):
                lengths[offset + docnum] = leaf.doc_field_length(docnum, field) or 0
    return lengths
