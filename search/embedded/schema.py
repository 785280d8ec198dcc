"""The index's fields and the Whoosh document each article becomes; all derived from the archive, rebuildable."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Frequency

from archive.filters import ENTITY_TYPES, index_key
from search.embedded.analyzers import bigram_analyzer, exact_analyzer, folded_analyzer
from search.embedded.counting import BIGRAMS, EXACT, FOLDED
from search.engine import IndexDocument
from vnlang.dates import VIETNAM

# Any change to the fields or analyzers here bumps search.embedded.version.FORMAT_VERSION.

# Scored text fields: each source three ways (exact, folded, bigrams). Positions are not kept: phrases are
# matched through the bigram fields.
SOURCES = ("title", "body", "captions")
TEXT_FIELDS = tuple(f"{source}{kind}" for kind in ("", "_fold", "_bi") for source in SOURCES)
# Every CountedText field: the document key of its text, and what search.embedded.counting indexes of
# it. The analyzers named in build_schema read queries the same way.
COUNTED = {
    **{f"{source}{suffix}": (source, kind) for source in SOURCES
       for suffix, kind in (("", EXACT), ("_fold", FOLDED), ("_bi", BIGRAMS))},
    "author_key": ("author_key", FOLDED),
    "category_key": ("category_key", FOLDED),
}  # fmt: skip


class _Counts(Frequency):
    """Term frequencies kept in the postings' weights alone.

    Whoosh's Frequency format also packs each frequency as the posting's value: four bytes a posting,
    most of every block, never read here (search.embedded.postings reads the weights).
    """

    posting_size = 0


class CountedText(TEXT):
    """A text field whose postings keep term frequencies alone, counted for a whole batch by
    search.embedded.counting (see COUNTED) rather than per document by Whoosh's analyser path."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.format = _Counts(field_boost=self.format.field_boost)


def _text(analyzer: Any, stored: bool = False) -> TEXT:
    return CountedText(analyzer=analyzer, phrase=False, stored=stored)


def build_schema() -> Schema:
    exact, folded, bigram = exact_analyzer(), folded_analyzer(), bigram_analyzer()
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "url": STORED(),
        "site": ID(stored=True, sortable=True),
        "province": ID(stored=True, sortable=True),
        "province_key": ID(),
        "author": ID(stored=True, sortable=True),  # the exact name (NFC, single spaces): facet and exact filter
        "author_key": CountedText(analyzer=folded, phrase=False),
        "category": STORED(),
        "category_key": CountedText(analyzer=folded, phrase=False),
        "published": DATETIME(stored=True, sortable=True),
        "year": NUMERIC(stored=True, sortable=True),
        "content_hash": STORED(),
    }
    for source in SOURCES:  # the exact text is stored: hits show the title, snippets come from body or captions
        fields |= {source: _text(exact, stored=True), f"{source}_fold": _text(folded), f"{source}_bi": _text(bigram)}
    for kind in ENTITY_TYPES:
        fields[kind] = KEYWORD(commas=True, lowercase=False)  # folded canonical names: what filters match
        fields[f"{kind}_name"] = KEYWORD(commas=True, lowercase=False)  # canonical names as printed: facets
    return Schema(**fields)


def document(doc: IndexDocument) -> dict[str, Any]:
    """The Whoosh fields of one article: the text three ways, the keys filters look up, what facets count."""
    published = doc.published.astimezone(UTC).replace(tzinfo=None) if doc.published else None
    texts = {"title": doc.title, "body": doc.body, "captions": doc.caption_text}
    fields: dict[str, Any] = {
        "id": str(doc.id),
        "url": doc.url,
        "site": doc.site,
        "province": doc.province or "",
        "province_key": index_key("province_key", doc.province),
        "author": index_key("author", doc.author),
        "author_key": doc.author or "",
        "category": doc.category,
        "category_key": doc.category or "",
        **{f"{source}{kind}": text for source, text in texts.items() for kind in ("", "_fold", "_bi")},
        "content_hash": doc.content_hash,
        "year": doc.published.astimezone(VIETNAM).year if doc.published else 0,
    }
    if published:
        fields["published"] = published
    for kind in ENTITY_TYPES:
        names = list(dict.fromkeys(name.replace(",", " ") for name in doc.entities(kind)))  # commas separate terms
        fields[kind] = ",".join(index_key(kind, n) for n in names)
        fields[f"{kind}_name"] = ",".join(names)
    return fields
