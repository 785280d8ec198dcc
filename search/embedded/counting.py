"""A batch's term counts per text field as numpy arrays, counted in two processes when the batch is large.

Counting term by term in Python (a Counter per field per article, a tuple per posting into the writer's
pool) took most of an index build. Here each text is split once (search.analysis.index_syllables) and
its syllables become numbers; the folded field folds each distinct syllable of the batch once, the
bigram field pairs syllable numbers in numpy and spells out each distinct pair once, and np.unique
over term × document keys counts and orders every field's postings. A text's three fields (exact,
folded, bigrams) thus come from one analysis.

Counting is all CPU: a batch of PARALLEL_MIN documents or more is split in two, each half counted in
a forked process, together with the postings of the batch's other fields, while this one writes the
stored fields and columns (search.embedded.batch), and the halves merged (merging only renumbers
terms). Smaller batches, such as a crawl's few new articles, are counted in-process, where forking
would cost more than it saves; so is every batch where fork is unavailable. The forked processes run
only the counting and Whoosh's field indexing, which take no lock another thread of a crawl's process
could hold at the fork.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
from typing import Any, NamedTuple, TypeVar

import numpy as np

from search.analysis import bigram_separator, index_syllables
from vnlang.text import fold

PARALLEL_MIN = 400  # documents; below this a batch is counted in-process
T = TypeVar("T")
EXACT, FOLDED, BIGRAMS = 0, 1, 2  # what a counted field indexes of its text


class FieldCounts(NamedTuple):
    """One field's postings over a batch, ordered by term, then document."""

    terms: list[str]  # distinct, sorted (the order of their UTF-8 bytes too, as the term index wants)
    term_ids: np.ndarray  # each posting's index into terms
    docs: np.ndarray  # each posting's document, counted from the batch's first
    freqs: np.ndarray  # each posting's term frequency
    lengths: np.ndarray  # each document's length in terms (Whoosh's field length)


def _postings(terms: list[str], ids: np.ndarray, docs: np.ndarray, lengths: np.ndarray) -> FieldCounts:
    """Postings from each occurrence's term (an index into `terms`, in any order) and document."""
    order = sorted(range(len(terms)), key=terms.__getitem__)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[order] = np.arange(len(terms))
    n = max(len(lengths), 1)
    keys, freqs = np.unique(rank[ids] * n + docs, return_counts=True)
    term_ids, docs = np.divmod(keys, n)
    return FieldCounts([terms[i] for i in order], term_ids.astype(np.int32), docs.astype(np.int32),
                       freqs.astype(np.int32), lengths.astype(np.int32))  # fmt: skip


def _numbered(items: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct items (in order of first appearance) and each item's index among them."""
    distinct = list(dict.fromkeys(items))
    number = {item: i for i, item in enumerate(distinct)}
    return distinct, np.fromiter(map(number.__getitem__, items), dtype=np.int64, count=len(items))


def _count_text(texts: list[str], kinds: set[int]) -> dict[int, FieldCounts]:
    """The postings of one source text (title, body, ...) of every document, for each kind asked."""
    split = [index_syllables(text) for text in texts]
    sizes = np.fromiter((len(words) for words, _ in split), dtype=np.int64, count=len(split))
    syllables, ids = _numbered(list(chain.from_iterable(words for words, _ in split)))
    docs = np.repeat(np.arange(len(split), dtype=np.int64), sizes)
    counted = {EXACT: _postings(syllables, ids, docs, sizes)} if EXACT in kinds else {}
    if not kinds & {FOLDED, BIGRAMS}:
        return counted
    # each distinct syllable folded once (no syllable holds a newline)
    folded, to_folded = _numbered(fold("\n".join(syllables)).split("\n") if syllables else [])
    folded_ids = to_folded[ids]
    if FOLDED in kinds:
        counted[FOLDED] = _postings(folded, folded_ids, docs, sizes)
    if BIGRAMS in kinds:
        counted[BIGRAMS] = _bigrams(folded, folded_ids, docs, [gaps for _, gaps in split], sizes)
    return counted


def _bigrams(
    folded: list[str], ids: np.ndarray, docs: np.ndarray, gaps: list[list[str]], sizes: np.ndarray
) -> FieldCounts:
    """Pairs of side-by-side folded syllables joined by whitespace, from their numbers; each distinct pair
    spelled out once. `gaps` holds each document's gaps between its syllables, one fewer than them."""
    distinct, gap_ids = _numbered(list(chain.from_iterable(gaps)))
    separators, separator_ids = _numbered([bigram_separator(gap) or "" for gap in distinct])
    joined = np.array([bigram_separator(gap) is not None for gap in distinct], dtype=bool)[gap_ids]
    first = np.ones(len(ids), dtype=bool)  # each syllable but the last of its document begins a pair
    first[np.cumsum(sizes)[sizes > 0] - 1] = False
    left = np.flatnonzero(first)[joined]
    separator = separator_ids[gap_ids][joined]
    keys = (ids[left] * len(separators) + separator) * max(len(folded), 1) + ids[left + 1]
    pairs, pair_ids = np.unique(keys, return_inverse=True)
    before, right = np.divmod(pairs, max(len(folded), 1))
    spelled = [folded[a] + separators[s] + folded[b]
               for a, s, b in zip(*np.divmod(before, len(separators) or 1), right, strict=True)]  # fmt: skip
    pair_docs = docs[left]
    return _postings(spelled, pair_ids.reshape(-1), pair_docs, np.bincount(pair_docs, minlength=len(sizes)))


def count_serial(texts: dict[str, list[str]], fields: dict[str, tuple[str, int]]) -> dict[str, FieldCounts]:
    """Postings of each field of `fields`: field → (the key of its texts in `texts`, EXACT, FOLDED or BIGRAMS)."""
    counted: dict[str, FieldCounts] = {}
    for source, values in texts.items():
        wanted = {field: kind for field, (text, kind) in fields.items() if text == source}
        by_kind = _count_text(values, set(wanted.values()))
        counted |= {field: by_kind[kind] for field, kind in wanted.items()}
    return {field: counted[field] for field in fields}


def merge(first: FieldCounts, second: FieldCounts, offset: int) -> FieldCounts:
    """Two batches' postings as one, the second's documents numbered from `offset` (after the first's)."""
    terms = sorted(set(first.terms).union(second.terms))
    number = {term: i for i, term in enumerate(terms)}

    def renumbered(part: FieldCounts) -> np.ndarray:
        table = np.fromiter(map(number.__getitem__, part.terms), dtype=np.int32, count=len(part.terms))
        return table[part.term_ids]

    term_ids = np.concatenate([renumbered(first), renumbered(second)])
    order = np.argsort(term_ids, kind="stable")  # each part is in document order, the first's before the second's
    docs = np.concatenate([first.docs, second.docs + offset])
    freqs = np.concatenate([first.freqs, second.freqs])
    return FieldCounts(terms, term_ids[order], docs[order], freqs[order],
                       np.concatenate([first.lengths, second.lengths]))  # fmt: skip


def _can_fork() -> bool:
    """Fork is there, a second core too, and this is no daemonic worker (which may not have children)."""
    return ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon)  # fmt: skip


def _count_part(
    documents: Sequence[dict[str, Any]],
    fields: dict[str, tuple[str, int]],
    also: Callable[[Sequence[dict[str, Any]]], T],
) -> tuple[dict[str, FieldCounts], T]:
    texts = {source: [doc.get(source) or "" for doc in documents] for source, _ in fields.values()}
    return count_serial(texts, fields), also(documents)


def count(
    documents: Sequence[dict[str, Any]],
    fields: dict[str, tuple[str, int]],
    meanwhile: Callable[[], None],
    also: Callable[[Sequence[dict[str, Any]]], T],
) -> tuple[dict[str, FieldCounts], list[T]]:
    """Each counted field's postings over the batch (the same whichever path counts them), and `also` of
    each part of the batch counted apart (the whole batch, or its halves), computed beside the counting;
    `meanwhile` runs in this process while two others count a large batch."""
    if len(documents) < PARALLEL_MIN or not _can_fork():
        counts, extra = _count_part(documents, fields, also)
        meanwhile()
        return counts, [extra]
    half = len(documents) // 2
    # fork: the workers start without importing anything again; only their documents are sent to them.
    # A worker that dies (killed, out of memory) fails the batch instead of leaving it waiting.
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = [pool.submit(_count_part, part, fields, also) for part in (documents[:half], documents[half:])]
        meanwhile()
        (first, first_extra), (second, second_extra) = (result.result() for result in pending)
    return {field: merge(first[field], second[field], half) for field in fields}, [first_extra, second_extra]
