"""Whoosh's W3 codec, writing posting blocks that numpy reads in one step.

The stock W3 writer pickles each block's document numbers and weights as tuples of Python numbers
(protocol 2), so reading a common syllable's 100,000 postings means unpickling 200,000 Python
objects: most of a first-seen query's time on a large index (bench/search_scale.py). Here the same
blocks hold numpy arrays, which pickle as raw bytes and load without a per-posting object; the file
layout is unchanged, so Whoosh's own matchers still read them, and indexes written by the stock
codec stay readable.

Postings are also written without each document's field length: Whoosh reads it once per posting
(a column lookup) only for its own block-quality scoring, which search.evaluate does not use: it
reads the lengths column itself.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter

BLOCK_LIMIT = 1024  # postings per block: fewer, larger blocks for numpy to concatenate


class _PostingsWriter(W3PostingsWriter):
    def _mini_ids(self) -> Any:
        if self._byteids:  # vector postings hold terms, not document numbers
            return super()._mini_ids()
        ids = np.frombuffer(self._ids, dtype=np.uint32)
        return np.diff(ids, prepend=np.uint32(0))  # deltas, as the stock reader decodes them

    def _mini_weights(self) -> Any:
        weights = np.frombuffer(self._weights, dtype=np.float32)
        if (weights == 1.0).all():
            return None
        if (weights == weights[0]).all():
            return float(weights[0])
        return weights.copy()


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        super().add_postings(schema, None, items)


class NumpyCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT)

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)  # fmt: skip
