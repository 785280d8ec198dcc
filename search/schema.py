"""The index's fields. Everything here is derived from the archive and can be rebuilt from it."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, NUMERIC, STORED, TEXT, Schema

from search.analysis import exact_analyzer, folded_analyzer

# Bump when fields or analyzers change: an index of another version is rebuilt, never misread.
SCHEMA_VERSION = 1


def build_schema() -> Schema:
    exact, folded = exact_analyzer(), folded_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        url=STORED(),
        site=ID(stored=True),
        province=STORED(),
        province_key=ID(),
        author=STORED(),
        author_key=TEXT(analyzer=folded),
        category=STORED(),
        category_key=ID(),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True),
        title=TEXT(analyzer=exact, stored=True, field_boost=3.0),
        body=TEXT(analyzer=exact, stored=True, field_boost=1.5),
        title_fold=TEXT(analyzer=folded, field_boost=2.0),
        body_fold=TEXT(analyzer=folded),
        content_hash=STORED(),
    )
