"""What an index holds and answers, whatever engine keeps it: the one interface the app talks to.

Articles come in as `IndexDocument`s, plain frozen records (the app makes them from archive rows), so
an engine and its tests need no database; searches come in as search.query requests and go out as
`SearchResults`. The app runs the embedded engine (search.embedded, Whoosh files scored with numpy)
or, for an archive on PostgreSQL, the PostgreSQL one (search.postgresql, tables and tsvectors in the
archive's database); an in-memory engine in the tests keeps the interface honest. What a filter value
matches is archive.filters' one table (a declaration, no rows), for every engine and the export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from search.query import SearchRequest
from vnlang.text import nfc, normalize_tones


class IndexUnavailable(OSError):
    """No index to answer from, or one whose files cannot be read; the message names the command that fixes it.

    Never an empty result: "no results" from a missing or damaged index is a wrong answer.
    """


@dataclass(frozen=True)
class IndexDocument:
    """One article as an index receives it; `id` is the archive's, and adding it again replaces it."""

    id: int
    url: str
    site: str  # the site's short name ("ldld-backan")
    province: str | None
    title: str
    body: str
    author: str | None
    category: str | None
    published: datetime | None  # time-zone aware
    content_hash: str  # what the app compares to know whether the index holds this version
    persons: tuple[str, ...] = ()  # canonical entity names, as the archive stores them
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()  # image captions in page order: searched, with less weight than the body

    @property
    def caption_text(self) -> str:
        """The captions as one text; the separator keeps the last syllable of one caption and the first
        of the next from reading as a phrase."""
        return " … ".join(caption for caption in self.captions if caption.strip())

    def entities(self, kind: str) -> tuple[str, ...]:
        """One entity type's names, NFC with one tone style and single spaces, without repeats."""
        names = {"person": self.persons, "organization": self.organizations, "place": self.places}[kind]
        return tuple(dict.fromkeys(n for n in (" ".join(normalize_tones(nfc(name)).split()) for name in names) if n))


@dataclass(frozen=True)
class SearchHit:
    """One article of a page of results (the web API's response model has its own name)."""

    id: int
    url: str
    title: str
    published: datetime | None
    site: str
    province: str | None
    author: str | None
    category: str | None
    score: float
    snippet: str  # HTML: escaped text with <mark> around the query's words


Facets = dict[str, list[tuple[str, int]]]  # facet → (value, matching articles), most first


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    pages: int
    facets: Facets = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean", offered when nothing matched


class SearchEngine(Protocol):
    """An index of articles. Writes are the app's (unionnews.indexing); reads may come from any thread
    that takes turns (the web app serialises them)."""

    def is_current(self) -> bool:
        """Whether an index of this engine's current format exists (otherwise `reset` makes one)."""
        ...

    def reset(self) -> None:
        """Make an empty index of the current format, dropping whatever was there."""
        ...

    def rebuilding(self) -> AbstractContextManager[SearchEngine]:
        """An empty index beside this one, to be filled; on a clean exit it replaces this one at once.

        Until then searches answer from the old index, and a build that dies leaves the old one in service.
        """
        ...

    def writing(self) -> AbstractContextManager[None]:
        """Held for a whole sync, so that two processes syncing at once do not interleave."""
        ...

    def add(self, documents: Sequence[IndexDocument]) -> None:
        """Add the documents, replacing any of the same id, in one commit."""
        ...

    def delete(self, ids: Iterable[int]) -> int:
        """Drop these articles; returns how many the index held."""
        ...

    def hashes(self) -> dict[int, str]:
        """Article id → the content hash the index holds."""
        ...

    def count(self) -> int: ...

    def search(self, request: SearchRequest) -> SearchResults:
        """One page of hits, the total, facets and a suggestion; raises QueryError for a bad query."""
        ...

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        """Every matching article id in the search's order, without snippets or facets."""
        ...

    def warm(self) -> None:
        """Load now what the first searches would load on the way."""
        ...

    def close(self) -> None: ...
