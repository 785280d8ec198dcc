"""Whoosh's W3 codec, writing posting blocks that numpy reads in one step.

The stock W3 writer pickles each block's document numbers and weights as tuples of Python numbers
(protocol 2), so reading a common syllable's 100,000 postings means unpickling 200,000 Python
objects: most of a first-seen query's time on a large index (bench/search_scale.py). Here a block
holds its delta-coded document numbers and term frequencies as byte strings in the narrowest
unsigned type, which load as standard arrays that numpy takes without a copy per posting. The file
layout is unchanged, so Whoosh's own matchers still read these blocks, and indexes written by the
stock codec stay readable. Blocks are larger than the stock 128 postings, as each costs an unpickle
and an inflate whatever its size.

Postings are also written without each document's field length: Whoosh reads it once per posting
(a column lookup) only for its own block-quality scoring, which search.embedded.evaluate does not use: it
reads the lengths column itself.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter

BLOCK_LIMIT = 8192  # postings per block


def packed(typecode: str, raw: bytes) -> array:
    """What a stored block's numbers unpickle to: a standard array, whose items are Python numbers.

    (A numpy array's would be numpy scalars, and Whoosh's own delta decoding would then add up
    document numbers in uint8 and overflow.)
    """
    values = array(typecode)
    values.frombytes(raw)
    return values


class _Packed:
    """Numbers that pickle as one byte string in the narrowest type, and load as `packed` arrays."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def __reduce__(self) -> tuple[Any, tuple[str, bytes]]:
        return packed, (self.values.dtype.char, self.values.tobytes())


def _narrow(values: np.ndarray) -> _Packed:
    """Non-negative integers in the narrowest unsigned type: less for zlib to compress and inflate."""
    top = int(values.max()) if len(values) else 0
    for dtype in (np.uint8, np.uint16):
        if top <= np.iinfo(dtype).max:
            return _Packed(values.astype(dtype))
    return _Packed(values.astype(np.uint32))


class _PostingsWriter(W3PostingsWriter):
    def add_many(self, postings: list[tuple[int, float, bytes | None]]) -> None:
        """One term's postings (in document order), block by block rather than one call each."""
        limit = self._blocklimit
        for start in range(0, len(postings), limit):
            if len(self._ids) >= limit:
                self._write_block()
            chunk = postings[start : start + limit]
            self._ids.extend([docnum for docnum, _, _ in chunk])
            self._weights.extend([weight for _, weight, _ in chunk])
            self._values.extend([value for _, _, value in chunk if value])
            self._maxweight = max(self._maxweight, max(weight for _, weight, _ in chunk))

    def _mini_ids(self) -> Any:
        if self._byteids:  # vector postings hold terms, not document numbers
            return super()._mini_ids()
        ids = np.frombuffer(self._ids, dtype=np.uint32)
        return _narrow(np.diff(ids, prepend=np.uint32(0)))  # deltas, as the stock reader decodes them

    def _mini_weights(self) -> Any:
        weights = np.frombuffer(self._weights, dtype=np.float32)
        if (weights == 1.0).all():
            return None
        if (weights == weights[0]).all():
            return float(weights[0])
        if (weights >= 0).all() and (weights == np.floor(weights)).all():  # term frequencies
            return _narrow(weights)
        return _Packed(weights.copy())


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        if isinstance(items, TermPostings):  # a segment's own postings: a term at a time
            self._add_terms(schema, items.pool)
        else:  # a merge's postings, read back from other segments
            super().add_postings(schema, None, items)

    def _add_terms(self, schema: Any, pool: TermPool) -> None:
        current = None
        for fieldname, btext, postings in pool.groups():
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                current = fieldname
            self.start_term(btext)
            self._postwriter.add_many(postings)
            self.finish_term()
        if current is not None:
            self.finish_field()


class NumpyCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)  # fmt: skip


class TermPool:
    """The writer's posting pool, kept as one list per term instead of one tuple per posting to sort.

    Whoosh's PostingPool estimates every posting's size, asserts its types and sorts all of a
    segment's postings (hundreds per article) at commit. Documents get increasing numbers, so each
    term's postings arrive in order already, and only the distinct terms need sorting. It holds the
    postings in memory, as Whoosh's pool does below its `limitmb` (syncs write batches of 5,000).
    """

    def __init__(self) -> None:
        self.terms: defaultdict[tuple[str, bytes], list[tuple[int, float, bytes | None]]] = defaultdict(list)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        self.terms[fieldname, btext].append((docnum, weight, vbytes))

    def groups(self) -> Iterator[tuple[str, bytes, list[tuple[int, float, bytes | None]]]]:
        for fieldname, btext in sorted(self.terms):
            postings = self.terms[fieldname, btext]
            postings.sort(key=itemgetter(0))  # in order already, unless segments were merged in
            yield fieldname, btext, postings

    def iter_postings(self) -> TermPostings:
        return TermPostings(self)

    def cleanup(self) -> None:
        self.terms.clear()


class TermPostings:
    """The pool's postings in order: as (field, term, docnum, weight, value) rows for any reader,
    and a term at a time for this codec's field writer."""

    def __init__(self, pool: TermPool) -> None:
        self.pool = pool

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for fieldname, btext, postings in self.pool.groups():
            for docnum, weight, vbytes in postings:
                yield fieldname, btext, docnum, weight, vbytes


def writer(ix: Any, **options: Any) -> Any:
    """A Whoosh writer with this codec and the term pool."""
    segment_writer = ix.writer(codec=NumpyCodec(), **options)
    segment_writer.pool = TermPool()
    return segment_writer
