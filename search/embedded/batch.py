"""Documents and merged segments into a Whoosh segment writer, the text fields' postings in bulk.

Whoosh's add_document analyses each field and hands its pool one tuple per posting: for an article,
hundreds for its text fields and a dozen for the rest. Here the text fields' postings of the whole
batch come from search.embedded.counting as arrays, straight into the codec's pool, and their
field lengths are written as one column per field afterwards; the other fields (id, keys, names,
dates) are indexed by Whoosh's own fields beside the counting. What is left of add_document (stored
values, columns) runs a document at a time here, for a large batch while other processes count; the
fields of search.embedded.schema use no boosts, spelling fields or term vectors. Segments merged at a
commit (engine._merge_smallest) come in the same way: the text fields' postings a term at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import length_to_byte

from search.embedded.counting import count
from search.embedded.postings import postings_arrays
from search.embedded.schema import COUNTED, build_schema


def add_batch(writer: Any, documents: Sequence[dict[str, Any]]) -> None:
    """Add the documents (schema.document's fields) to a codec.writer, numbered from its next document."""
    if not documents:
        return
    writer._check_state()
    first = writer.docnum
    counts, others = count(documents, COUNTED, meanwhile=lambda: _per_document(writer, documents), also=_others)
    for fieldname, field_counts in counts.items():
        writer.pool.add_counts(fieldname, field_counts, first)
        _add_lengths(writer.perdocwriter, fieldname, first, field_counts.lengths)
    start, lengths = first, defaultdict(list)
    for size, postings, part_lengths in others:  # the parts in document order
        for fieldname, btext, offset, weight, vbytes in postings:
            writer.pool.add((fieldname, btext, start + offset, weight, vbytes))
        for fieldname in part_lengths.keys() | lengths.keys():
            lengths[fieldname].append(part_lengths.get(fieldname, np.zeros(size, dtype=np.int64)))
        start += size
    for fieldname, parts in lengths.items():
        _add_lengths(writer.perdocwriter, fieldname, first, np.concatenate(parts))
    writer._added = True  # what add_document sets: commit then writes the segment


def _others(documents: Sequence[dict[str, Any]]) -> tuple[int, list[tuple[str, bytes, int, float, bytes]], dict]:
    """The postings of the fields counting does not count (id, keys, names, dates), documents numbered from
    0, as Whoosh's own fields index them; and their lengths, for a field that keeps them (none does now)."""
    schema = build_schema()  # the engine's, as the writer's is
    postings: list[tuple[str, bytes, int, float, bytes]] = []
    lengths: dict[str, np.ndarray] = {}
    for offset, fields in enumerate(documents):
        for fieldname, value in fields.items():
            field = schema[fieldname]
            if value is None or not field.indexed or fieldname in COUNTED:
                continue
            for btext, freq, weight, vbytes in field.index(value):
                postings.append((fieldname, btext, offset, weight, vbytes))
                if field.scorable:
                    lengths.setdefault(fieldname, np.zeros(len(documents), dtype=np.int64))[offset] += freq
    return len(documents), postings, lengths


def _per_document(writer: Any, documents: Sequence[dict[str, Any]]) -> None:
    """Stored values and columns, a document at a time; the postings and lengths come from `count`."""
    schema, perdoc = writer.schema, writer.perdocwriter
    for fields in documents:
        docnum = writer.docnum
        perdoc.start_doc(docnum)
        for fieldname in sorted(fields):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            perdoc.add_field(fieldname, field, value if field.stored else None, 0)
            if field.column_type:
                perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        writer.docnum = docnum + 1


def add_segment(writer: Any, reader: Any) -> None:
    """Merge a segment into the writer's (Whoosh's add_reader), the counted fields' postings a term at a time.

    Whoosh's own merge hands the pool every posting of every field as a tuple: hundreds per article, where a
    merge of many small syncs' segments holds tens of thousands of articles. Stored values, columns and
    lengths are copied document by document as Whoosh copies them, and so are the postings of the other
    fields, a dozen per article. Deleted documents are dropped and the rest renumbered after the
    writer's documents.
    """
    writer._check_state()
    start = writer.docnum
    docmap = writer.write_per_doc(set(writer.schema.names()), reader)  # None when nothing was deleted
    renumber = np.arange(start, start + reader.doc_count_all(), dtype=np.int64)
    if docmap is not None:
        renumber[:] = -1
        renumber[list(docmap)] = list(docmap.values())
    for fieldname in reader.indexed_field_names():
        if fieldname not in writer.schema:
            continue
        for btext in reader.lexicon(fieldname):
            matcher = reader.postings(fieldname, btext)  # without the deleted documents
            if fieldname not in COUNTED:
                while matcher.is_active():
                    item = (fieldname, btext, int(renumber[matcher.id()]), matcher.weight(), matcher.value())
                    writer.pool.add(item)
                    matcher.next()
                continue
            ids, weights = postings_arrays(matcher.child if isinstance(matcher, FilterMatcher) else matcher)
            ids = renumber[ids]
            kept = ids >= 0  # deleted documents have no new number
            if kept.any():
                writer.pool.add_arrays(fieldname, btext, ids[kept], weights[kept])
    writer._added = True


def _add_lengths(perdoc: Any, fieldname: str, first: int, lengths: np.ndarray) -> None:
    """A field's lengths column and total length, as add_field keeps them a document at a time."""
    if not lengths.any():
        return
    column = _lenfield(fieldname)
    if not perdoc._has_column(column):
        perdoc._create_column(column, LENGTHS_COLUMN)
    writer = perdoc._get_column(column)
    for offset in np.flatnonzero(lengths).tolist():
        writer.add(first + offset, length_to_byte(int(lengths[offset])))
    perdoc._fieldlengths[fieldname] += int(lengths.sum())
