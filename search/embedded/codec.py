"""Whoosh's W3 codec with posting blocks of plain numbers, which numpy reads in one step.

The stock W3 writer pickles each block's document numbers and weights as tuples of Python numbers,
so reading a common syllable's 100,000 postings means unpickling 200,000 Python objects: most of a
first-seen query's time on a large index (bench/search_scale.py). Here a block is plain bytes: a
small header (`BLOCK`), then the delta-coded document numbers and the term frequencies, each in the
narrowest unsigned type. No pickle, so the index names no module of ours in its postings, and numpy
takes each array without a copy per posting. The file layout around the blocks (block info, term
infos, the table of contents) is Whoosh's; `BlockMatcher` decodes the blocks for Whoosh's own
per-posting path (merges, deletes by id) and hands whole blocks to search.embedded.postings. Blocks
are larger than the stock 128 postings, as each costs an inflate whatever its size.

Postings are also written without each document's field length: Whoosh reads it once per posting
(a column lookup) only for its own block-quality scoring, which search.embedded.evaluate does not
use: it reads the lengths column itself.
"""

from __future__ import annotations

import struct
import zlib
from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.compat import dumps
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from search.embedded.counting import FieldCounts

BLOCK_LIMIT = 8192  # postings per block
# Postings a term keeps in its term info (pickled, as Whoosh reads them) instead of a block of its own:
# most terms of the id, name and key fields, whose header, block info and zlib frame outweighed them.
INLINE_LIMIT = 4

# magic, postings, then how the numbers, weights and values are kept (the codes below)
BLOCK = struct.Struct("<4sIBBB")
MAGIC = b"UNB1"
_NUMBERS = {1: np.dtype("<u1"), 2: np.dtype("<u2"), 3: np.dtype("<u4"), 4: np.dtype("<f4")}
_CODES = {dtype: code for code, dtype in _NUMBERS.items()}
_ONES, _SAME = 0, 5  # weights: every one 1.0 / one float32 for all
_NO_VALUES, _FIXED, _VARIABLE = 0, 6, 7  # values: none / of one size, joined / u4 lengths, then joined


class Block(NamedTuple):
    deltas: np.ndarray  # document numbers, each less the previous (the first less 0)
    weights: np.ndarray | float | None  # None: all 1.0; a float: the same for all
    values: bytes | tuple[bytes, ...] | None  # as Whoosh's format expects them (W3LeafMatcher._read_values)


def _narrow(values: np.ndarray) -> np.ndarray:
    """Non-negative integers in the narrowest unsigned type: less for zlib to compress and inflate."""
    top = int(values.max()) if len(values) else 0
    code = next(code for code in (1, 2, 3) if top <= np.iinfo(_NUMBERS[code]).max)
    return values.astype(_NUMBERS[code])


def encode_block(ids: np.ndarray, weights: np.ndarray, values: list[bytes], fixed_size: int | None) -> bytes:
    """One block's postings (document numbers ascending) as header + arrays."""
    deltas = _narrow(np.diff(ids.astype(np.int64), prepend=0))
    parts = [deltas.tobytes()]
    if (weights == 1.0).all():
        weight_code = _ONES
    elif (weights == weights[0]).all():
        weight_code = _SAME
        parts.append(weights[:1].astype(_NUMBERS[4]).tobytes())
    else:
        whole = (weights >= 0).all() and (weights == np.floor(weights)).all()  # term frequencies
        kept = _narrow(weights) if whole else weights.astype(_NUMBERS[4])
        weight_code = _CODES[kept.dtype]
        parts.append(kept.tobytes())
    if fixed_size == 0:
        value_code = _NO_VALUES
    elif fixed_size is not None and fixed_size > 0:
        value_code = _FIXED
        parts.append(b"".join(values))
    else:
        value_code = _VARIABLE
        parts += [np.asarray([len(v) for v in values], dtype=_NUMBERS[3]).tobytes(), b"".join(values)]
    header = BLOCK.pack(MAGIC, len(ids), _CODES[deltas.dtype], weight_code, value_code)
    return header + b"".join(parts)


def decode_block(data: bytes) -> Block:
    magic, count, id_code, weight_code, value_code = BLOCK.unpack_from(data)
    if magic != MAGIC:
        raise ValueError(f"not a posting block of this format: {magic!r}")
    at = BLOCK.size

    def take(dtype: np.dtype, n: int) -> np.ndarray:
        nonlocal at
        found = np.frombuffer(data, dtype=dtype, count=n, offset=at)
        at += n * dtype.itemsize
        return found

    deltas = take(_NUMBERS[id_code], count)
    weights: np.ndarray | float | None = None
    if weight_code == _SAME:
        weights = float(take(_NUMBERS[4], 1)[0])
    elif weight_code != _ONES:
        weights = take(_NUMBERS[weight_code], count)
    values: bytes | tuple[bytes, ...] | None = None
    if value_code == _FIXED:
        values = data[at:]
    elif value_code == _VARIABLE:
        ends = np.cumsum(take(_NUMBERS[3], count), dtype=np.int64) + at
        starts = np.concatenate(([at], ends[:-1]))
        values = tuple(data[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True))
    return Block(deltas, weights, values)


class _PostingsWriter(W3PostingsWriter):
    def write_term(self, format_: Any, ids: Any, weights: Any, values: list[bytes]) -> W3TermInfo:
        """One term's postings (in document order, lists or arrays): in its term info if few, else in blocks."""
        terminfo = W3TermInfo()
        if len(ids) > INLINE_LIMIT:
            self.start_postings(format_, terminfo)
            self._add_arrays(np.asarray(ids), np.asarray(weights), values)
            return self.finish_postings()
        ids, weights = list(map(int, ids)), list(map(float, weights))
        terminfo._weight, terminfo._df, terminfo._maxweight = sum(weights), len(ids), max(weights)
        terminfo._minid, terminfo._maxid = ids[0], ids[-1]
        terminfo.set_inlined(ids, weights, values)  # Whoosh's own writer never inlines (it calls set_inline)
        return terminfo

    def _add_arrays(self, ids: np.ndarray, weights: np.ndarray, values: list[bytes]) -> None:
        """Postings block by block rather than one call each."""
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if len(self._ids) >= limit:
                self._write_block()
            self._ids.frombytes(ids[start : start + limit].astype(np.uint32).tobytes())
            chunk = weights[start : start + limit].astype(np.float32)
            self._weights.frombytes(chunk.tobytes())
            self._values.extend(values[start : start + limit])
            self._maxweight = max(self._maxweight, float(chunk.max()))

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's block framing (length, then the pickled block info of plain numbers), our block."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = np.frombuffer(self._ids, dtype=np.uint32)
        weights = np.frombuffer(self._weights, dtype=np.float32)
        data = encode_block(ids, weights, self._values, self._format.fixed_value_size())
        if self._compression:
            data = zlib.compress(data, self._compression)
        info = (len(ids), int(ids[-1]), float(self._maxweight), self._compression,
                length_to_byte(self._minlength), length_to_byte(self._maxlength))  # fmt: skip
        infobytes = dumps(info, 2)
        length = len(infobytes) + len(data)
        self._postfile.write_int(-length if last else length)  # negative: the term's last block
        self._postfile.write(infobytes)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class BlockMatcher(W3LeafMatcher):
    """Reads this codec's blocks: for Whoosh's own matching a block at a time as it asks, for
    search.embedded.postings every block at once."""

    def _block(self) -> Block:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        return decode_block(zlib.decompress(data) if self._compression else data)

    def _read_data(self) -> None:
        block = self._block()
        weights = block.weights.tolist() if isinstance(block.weights, np.ndarray) else block.weights
        self._data = (block.deltas.tolist(), weights, block.values)  # what W3LeafMatcher decodes further

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, weights) of every posting from the current block on."""
        ids: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        while self.is_active():
            block = self._block()
            ids.append(np.cumsum(block.deltas, dtype=np.int64))
            if isinstance(block.weights, np.ndarray):
                weights.append(block.weights.astype(np.float32))
            else:
                weights.append(np.full(len(block.deltas), 1.0 if block.weights is None else block.weights,
                                       dtype=np.float32))  # fmt: skip
            self._next_block()
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return np.concatenate(ids), np.concatenate(weights)


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        if isinstance(items, TermPostings):  # a segment's own postings: a term at a time
            self._add_terms(schema, items.pool)
        else:  # a merge's postings, read back from other segments
            super().add_postings(schema, None, items)

    def _add_terms(self, schema: Any, pool: TermPool) -> None:
        current = None
        for fieldname, btext, ids, weights, values in pool.groups():
            if fieldname != current:
                if current is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                current = fieldname
            terminfo = self._postwriter.write_term(self._format, ids, weights, values)
            self._tindex.add(pack_ushort(self._fieldid) + btext, terminfo.to_bytes())  # what finish_term does
        if current is not None:
            self.finish_field()


class NumpyCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        if byteids:  # term vectors, which Whoosh reads with its own matcher (the schema stores none)
            return super().postings_writer(dbfile, byteids=True)
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=False,
                               compression=self._compression, inlinelimit=self._inlinelimit)  # fmt: skip

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return BlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class TermPool:
    """The writer's posting pool: a batch's text fields as arrays (search.embedded.counting), other
    postings as one list per term instead of one tuple per posting to sort.

    Whoosh's PostingPool estimates every posting's size, asserts its types and sorts all of a
    segment's postings (hundreds per article) at commit. Documents get increasing numbers, so each
    term's postings arrive in order already, and only the distinct terms need sorting. It holds the
    postings in memory, as Whoosh's pool does below its `limitmb` (syncs write batches of 5,000).
    Segments merged in at commit (search.embedded.batch.add_segment) come numbered after the batch.
    """

    def __init__(self) -> None:
        self.terms: defaultdict[tuple[str, bytes], list[tuple[int, float, bytes | None]]] = defaultdict(list)
        self.counted: dict[str, tuple[FieldCounts, int]] = {}  # field → its batch's postings, first docnum
        # field → term → merged segments' postings of a counted field, in the order the segments came
        self.merged: defaultdict[str, defaultdict[bytes, list[tuple[np.ndarray, np.ndarray]]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        self.terms[fieldname, btext].append((docnum, weight, vbytes))

    def add_counts(self, fieldname: str, counts: FieldCounts, first: int) -> None:
        """A batch's postings of a field whose values are not kept (`posting_size` 0), documents from `first`."""
        if fieldname in self.counted:
            raise ValueError(f"{fieldname} already has a batch in this segment")
        self.counted[fieldname] = (counts, first)

    def add_arrays(self, fieldname: str, btext: bytes, ids: np.ndarray, weights: np.ndarray) -> None:
        """A merged segment's postings of a term of a counted field, renumbered to follow the batch's."""
        self.merged[fieldname][btext].append((ids, weights))

    def _listed(self, fieldname: str, btext: bytes) -> tuple[list[int], list[float], list[bytes]]:
        postings = self.terms[fieldname, btext]
        postings.sort(key=itemgetter(0))  # in order already, unless segments were merged in
        return ([docnum for docnum, _, _ in postings], [weight for _, weight, _ in postings],
                [value for _, _, value in postings if value])  # fmt: skip

    def _counted(self, fieldname: str) -> Iterator[tuple[bytes, tuple[np.ndarray, np.ndarray]]]:
        counts, first = self.counted[fieldname]
        bounds = np.searchsorted(counts.term_ids, np.arange(len(counts.terms) + 1)).tolist()
        docs = counts.docs.astype(np.int64) + first
        weights = counts.freqs.astype(np.float64)  # term frequency times the field's boost, 1
        for term, start, end in zip(counts.terms, bounds, bounds[1:], strict=False):
            yield term.encode("utf-8"), (docs[start:end], weights[start:end])

    def groups(self) -> Iterator[tuple[str, bytes, Any, Any, list[bytes]]]:
        """(field, term, document numbers, weights, values) of every term, by field and term; the numbers
        and weights as arrays for a batch's counted fields, as lists for the rest."""
        listed: defaultdict[str, set[bytes]] = defaultdict(set)
        for fieldname, btext in self.terms:
            listed[fieldname].add(btext)
        for fieldname in sorted(set(listed) | set(self.counted) | set(self.merged)):
            counted = self._counted(fieldname) if fieldname in self.counted else iter(())
            merged, others = self.merged.get(fieldname, {}), listed.get(fieldname, set())
            if not merged and not others:  # a batch's own field: already in order
                for btext, (ids, weights) in counted:
                    yield fieldname, btext, ids, weights, []
                continue
            found = dict(counted)
            for btext in sorted(found.keys() | merged.keys() | others):
                if btext not in found and btext not in merged:
                    yield fieldname, btext, *self._listed(fieldname, btext)
                    continue
                parts = ([found[btext]] if btext in found else []) + merged.get(btext, [])
                if btext in others:
                    more, more_weights, _ = self._listed(fieldname, btext)
                    parts.append((np.asarray(more, dtype=np.int64), np.asarray(more_weights, dtype=np.float64)))
                ids = np.concatenate([part[0] for part in parts])  # the batch's documents, then each segment's
                yield fieldname, btext, ids, np.concatenate([part[1] for part in parts]), []

    def iter_postings(self) -> TermPostings:
        return TermPostings(self)

    def cleanup(self) -> None:
        self.terms.clear()
        self.counted.clear()
        self.merged.clear()


class TermPostings:
    """The pool's postings in order: as (field, term, docnum, weight, value) rows for any reader,
    and a term at a time for this codec's field writer."""

    def __init__(self, pool: TermPool) -> None:
        self.pool = pool

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for fieldname, btext, ids, weights, values in self.pool.groups():
            rows = zip(np.asarray(ids).tolist(), np.asarray(weights).tolist(), strict=True)
            for i, (docnum, weight) in enumerate(rows):
                yield fieldname, btext, docnum, weight, values[i] if values else b""


def writer(ix: Any, **options: Any) -> Any:
    """A Whoosh writer with this codec and the term pool."""
    segment_writer = ix.writer(codec=NumpyCodec(), **options)
    segment_writer.pool = TermPool()
    return segment_writer
