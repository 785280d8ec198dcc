"""A batch of documents into a Whoosh segment writer: text postings counted in bulk, the rest as Whoosh adds it.

Whoosh's add_document analyses each field and hands its pool one tuple per posting: for an article,
hundreds for its text fields and a dozen for the rest. Here the text fields' postings of the whole
batch come from search.embedded.counting as arrays, straight into the codec's pool, and their
field lengths are written as one column per field afterwards. This loop does the rest of what
add_document does (stored values, columns, the postings of the id, key and keyword fields) for the
fields of search.embedded.schema, which use no boosts, spelling fields or term vectors; for a large
batch it runs while other processes count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import length_to_byte

from search.embedded.counting import count
from search.embedded.schema import COUNTED


def add_batch(writer: Any, documents: Sequence[dict[str, Any]]) -> None:
    """Add the documents (schema.document's fields) to a codec.writer, numbered from its next document."""
    if not documents:
        return
    writer._check_state()
    first = writer.docnum
    counts = count(documents, COUNTED, meanwhile=lambda: _per_document(writer, documents))
    for fieldname, field_counts in counts.items():
        writer.pool.add_counts(fieldname, field_counts, first)
        _add_lengths(writer.perdocwriter, fieldname, first, field_counts.lengths)
    writer._added = True  # what add_document sets: commit then writes the segment


def _per_document(writer: Any, documents: Sequence[dict[str, Any]]) -> None:
    schema, perdoc, pool = writer.schema, writer.perdocwriter, writer.pool
    for fields in documents:
        docnum = writer.docnum
        perdoc.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed and fieldname not in COUNTED:
                for btext, freq, weight, vbytes in field.index(value):
                    length += freq if field.scorable else 0
                    pool.add((fieldname, btext, docnum, weight, vbytes))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        writer.docnum = docnum + 1


def _add_lengths(perdoc: Any, fieldname: str, first: int, lengths: np.ndarray) -> None:
    """A counted field's lengths column and total, as add_field keeps them a document at a time."""
    if not lengths.any():
        return
    column = _lenfield(fieldname)
    if not perdoc._has_column(column):
        perdoc._create_column(column, LENGTHS_COLUMN)
    writer = perdoc._get_column(column)
    for offset in np.flatnonzero(lengths).tolist():
        writer.add(first + offset, length_to_byte(int(lengths[offset])))
    perdoc._fieldlengths[fieldname] += int(lengths.sum())
