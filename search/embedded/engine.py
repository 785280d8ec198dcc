"""The embedded engine: a Whoosh directory on disk, queried with numpy over an in-memory snapshot.

Whoosh stores the index (segments, stored fields, the term dictionary); queries are scored with numpy
over a per-generation snapshot (search.embedded.snapshot), which is what answers a web app's searches
in milliseconds. The app feeds it plain records through search.engine's interface
(unionnews.indexing decides what is new in the archive); nothing here knows the archive.
"""

from __future__ import annotations

import pickle
import shutil
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.reading import SegmentReader

from search.analysis import syllables
from search.embedded import codec
from search.embedded.batch import add_batch, add_segment
from search.embedded.evaluate import evaluate
from search.embedded.schema import build_schema, document
from search.embedded.snapshot import Snapshot
from search.embedded.suggest import suggest, vocabulary
from search.embedded.version import FORMAT_VERSION, VERSION_FILE, has_current_index
from search.engine import IndexDocument, IndexUnavailable, SearchHit, SearchResults
from search.lock import writer_lock
from search.query import Node, QueryError, SearchRequest, parse_query, query_syllables
from search.snippets import snippet
from vnlang.text import fold, nfc

_MAX_SEGMENTS = 32
_LOCK_TIMEOUT = 600.0  # seconds a writer waits for another (a crawl and an `index` run may overlap)
# What reading a cut-short or overwritten file raises, in Whoosh's code or ours.
_DAMAGE = (EOFError, OSError, struct.error, ValueError, KeyError, IndexError, zlib.error, pickle.UnpicklingError,
           whoosh_index.IndexError)  # fmt: skip


class EmbeddedEngine:
    """search.engine.SearchEngine over the Whoosh index in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._snapshot: Snapshot | None = None
        self._index: FileIndex | None = None  # kept to ask for the latest generation
        self._guard = threading.Lock()

    @property
    def lock_path(self) -> Path:
        return self.directory.with_name(self.directory.name + ".lock")

    def is_current(self) -> bool:
        return has_current_index(self.directory)

    def _open(self) -> FileIndex:
        """The index with the schema of this code: the one Whoosh pickled into its table of contents is
        never unpickled, so reading does not depend on where our field classes live.

        Files are read, not memory-mapped: a segment truncated under a mapping kills the process with
        SIGBUS, where a read raises an error the engine reports (`_reading`)."""
        return FileIndex(FileStorage(str(self.directory), supports_mmap=False), schema=build_schema())

    def _missing(self) -> IndexUnavailable:
        return IndexUnavailable(f"there is no search index at {self.directory} (or one of another version); "
                                "run `unionnews index` to build it from the archive")  # fmt: skip

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Errors from the index's files become one IndexUnavailable naming the repair, and the next read
        opens the index afresh (after a rebuild it is whole again)."""
        try:
            yield
        except (IndexUnavailable, QueryError):
            raise
        except _DAMAGE as exc:
            self.close()
            with self._guard:
                self._index = None
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            raise IndexUnavailable(f"the search index at {self.directory} is damaged ({reason}); "
                                   "run `unionnews index --rebuild` to recreate it from the archive") from None

    # writing

    def reset(self) -> None:
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        whoosh_index.create_in(str(self.directory), build_schema())
        (self.directory / VERSION_FILE).write_text(str(FORMAT_VERSION))

    @contextmanager
    def rebuilding(self) -> Iterator[EmbeddedEngine]:
        """A fresh index in a sibling directory, renamed into place once complete.

        The two renames leave `directory` absent for a moment; a reader holding a snapshot keeps it
        through that moment (`snapshot`), and its open files outlive the old directory's removal.
        A killed build leaves only the sibling, which the next rebuild clears.
        """
        fresh = EmbeddedEngine(self.directory.with_name(self.directory.name + ".rebuild"))
        fresh.reset()
        yield fresh
        fresh.close()
        old = self.directory.with_name(self.directory.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.directory.exists():
            self.directory.rename(old)
        fresh.directory.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def writing(self) -> Iterator[None]:
        with writer_lock(self.lock_path, _LOCK_TIMEOUT):
            yield

    def add(self, documents: Sequence[IndexDocument]) -> None:
        if not documents:
            return
        with self._reading():
            ix = self._open()
            writer = codec.writer(ix, timeout=_LOCK_TIMEOUT)
            if ix.doc_count_all():  # a first build has nothing to replace
                _drop_older_versions(writer, [doc.id for doc in documents])
        add_batch(writer, [document(doc) for doc in documents])
        writer.commit(mergetype=_merge_smallest)

    def delete(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        if not ids or not self.is_current():
            return 0
        with self._reading():
            writer = codec.writer(self._open(), timeout=_LOCK_TIMEOUT)
            removed = sum(writer.delete_by_term("id", str(article_id)) for article_id in ids)
        writer.commit()
        return removed

    def hashes(self) -> dict[int, str]:
        if not self.is_current():
            return {}
        with self._reading(), self._open().searcher() as searcher:
            return {int(fields["id"]): fields["content_hash"] for fields in searcher.all_stored_fields()}

    def count(self) -> int:
        if not self.is_current():
            return 0
        with self._reading(), self._open().searcher() as searcher:
            return searcher.doc_count()

    # reading

    def snapshot(self) -> Snapshot | None:
        """The current generation in memory, None for an empty index; rebuilt only when a sync has committed since.

        Checking costs a stat per file and a directory listing: opening the index (its table of contents)
        happens only when the generation, or the whole index after a rebuild, has changed. No index
        at all is an IndexUnavailable, unless a snapshot is held (between the two renames of a rebuild).
        """
        marker = self.directory / VERSION_FILE
        with self._guard:
            try:
                if marker.read_text().strip() != str(FORMAT_VERSION):
                    raise FileNotFoundError(marker)
                self._index = self._index or self._open()
                key = (marker.stat().st_mtime_ns, self._index.latest_generation(), self._files())
            except (OSError, whoosh_index.EmptyIndexError):
                if self._snapshot is None:
                    raise self._missing() from None
                return self._snapshot
            if key[1] < 0:
                raise self._missing()
            if self._snapshot is None or self._snapshot.generation != key:
                if self._snapshot is not None:
                    self._snapshot.searcher.close()
                    self._snapshot = None
                if self._index.doc_count_all() == 0:
                    return None
                self._snapshot = Snapshot(self._index.searcher(), key)
            return self._snapshot

    def _files(self) -> tuple[tuple[str, int, int], ...]:
        """Name, size and change time of each segment file: a file replaced or cut under a held snapshot
        changes the key, so the next search reopens it and names the damage instead of answering from memory."""
        files = []
        for path in self.directory.glob("*.seg"):
            try:
                stat = path.stat()
            except FileNotFoundError:  # merged away by a writer since the listing
                continue
            files.append((path.name, stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(files))

    def warm(self) -> None:
        """Load now what the first searches would load on the way: field lengths, facet tables, the
        vocabulary of suggestions. A server calls it at start; the first researcher then waits no longer
        than the next."""
        try:
            with self._reading():
                snap = self.snapshot()
                if snap is not None:
                    snap.prepare()
                    vocabulary(snap)
        except IndexUnavailable:
            return  # nothing to warm: the searches say why

    def close(self) -> None:
        with self._guard:
            if self._snapshot is not None:
                self._snapshot.searcher.close()
                self._snapshot = None

    def search(self, request: SearchRequest) -> SearchResults:
        request.validate()
        node = request.query()
        with self._reading():
            return self._search(request, node)

    def _search(self, request: SearchRequest, node: Node | None) -> SearchResults:
        snap = self.snapshot()
        if snap is None:
            return SearchResults([], 0, request.page, 0)
        accented = fold(request.text) != nfc(request.text).lower()
        mask, scores = _evaluate(snap, node, accented)
        mask &= _filters(snap, request)
        total = int(mask.sum())
        start = (request.page - 1) * request.limit
        sort = request.sort if node is not None else "date"
        order = _rank(snap, mask, scores, sort, start + request.limit)[start:]
        terms = query_syllables(node) if node is not None else set()
        exact = frozenset(s.text for s in syllables(request.text)) if accented else frozenset()
        hits = [_hit(snap, int(doc), float(scores[doc]), terms, exact) for doc in order]
        facets = snap.facets(mask, request.facet_limit) if request.facets else {}
        suggestion = self._suggestion(snap, request) if total == 0 and node is not None else None
        pages = -(-total // request.limit)
        return SearchResults(hits, total, request.page, pages, facets, suggestion)

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        """Every matching article id in the search's order: what an export of a whole result set reads.

        Ranks once and makes no snippets or facets, which a page of hits needs and a download does not.
        """
        request.validate()
        node = request.query()
        with self._reading():
            return self._ranked_ids(request, node)

    def _ranked_ids(self, request: SearchRequest, node: Node | None) -> list[int]:
        snap = self.snapshot()
        if snap is None:
            return []
        mask, scores = _evaluate(snap, node, fold(request.text) != nfc(request.text).lower())
        mask &= _filters(snap, request)
        order = _rank(snap, mask, scores, request.sort if node is not None else "date", int(mask.sum()))
        return [int(snap.searcher.stored_fields(int(doc))["id"]) for doc in order]

    @staticmethod
    def _suggestion(snap: Snapshot, request: SearchRequest) -> str | None:
        """A respelling of the query, offered only if it finds something under the same filters."""
        text = suggest(snap, request.text)
        if text is None:
            return None
        mask, _ = evaluate(snap, parse_query(text), accented=False)
        return text if (mask & _filters(snap, request)).any() else None


def _drop_older_versions(writer: Any, ids: list[int]) -> None:
    """Delete the indexed versions of these articles, with one searcher for the batch.

    Whoosh's update_document opens a searcher over every segment for each document it replaces,
    which made an incremental sync cost twice a full build per article.
    """
    with writer.searcher() as searcher:
        for article_id in ids:
            for docnum in searcher.document_numbers(id=str(article_id)):
                writer.delete_document(docnum)


def _merge_smallest(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: keep at most _MAX_SEGMENTS by merging the smallest ones.

    Each sync adds a segment; Whoosh's default policy seldom merges segments above a few dozen
    documents, so after many small syncs every lookup would visit hundreds of them. Merging only the
    smallest keeps a sync's cost bounded by what it adds, not by the size of the index.
    """
    if len(segments) <= _MAX_SEGMENTS:
        return segments
    ordered = sorted(segments, key=lambda segment: segment.doc_count_all())
    merged, kept = ordered[: len(ordered) - _MAX_SEGMENTS // 2], ordered[len(ordered) - _MAX_SEGMENTS // 2 :]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        add_segment(writer, reader)
        reader.close()
    return kept


def _evaluate(snap: Snapshot, node: Node | None, accented: bool) -> tuple[np.ndarray, np.ndarray]:
    """The query's matches and scores; without a query every live document matches, unscored."""
    if node is None:
        return snap.live.copy(), np.zeros(snap.size, dtype=np.float32)
    return evaluate(snap, node, accented)


def _filters(snap: Snapshot, request: SearchRequest) -> np.ndarray:
    """The documents the request's filters keep: the keys each filter looks up, as archive.filters declares them."""
    mask = snap.live.copy()
    for row, values in request.filters.items():
        if row.dated:
            continue
        masks = [_keys_mask(snap, row.index_field, row.key(value)) for value in values]
        mask &= np.logical_and.reduce(masks) if row.every else np.logical_or.reduce(masks)
    start, end = request.filters.published()
    if start or end:
        mask &= snap.date_mask(start, end)
    return mask


def _keys_mask(snap: Snapshot, index_field: str, key: str | tuple[str, ...]) -> np.ndarray:
    """Documents holding the key, or every word of it."""
    mask = snap.live.copy()
    for term in (key,) if isinstance(key, str) else key:
        mask &= snap.mask(index_field, term)
    return mask


def _rank(snap: Snapshot, mask: np.ndarray, scores: np.ndarray, sort: str, count: int) -> np.ndarray:
    """The first `count` matching documents, by score (ties by document order) or newest first."""
    docs = np.flatnonzero(mask)
    if sort == "date":
        keys = np.where(snap.dated[docs], snap.published[docs], np.iinfo(np.int64).min)
        return docs[np.lexsort((-scores[docs], -keys.astype(np.float64)))][:count]
    values = scores[docs]
    if len(docs) > count:
        top = np.argpartition(-values, count - 1)[:count]
        docs, values = docs[top], values[top]
    return docs[np.lexsort((docs, -values))]


def _hit(snap: Snapshot, doc: int, score: float, terms: set[str], exact: frozenset[str]) -> SearchHit:
    fields: dict[str, Any] = snap.searcher.stored_fields(doc)
    published = fields.get("published")
    return SearchHit(
        id=int(fields["id"]),
        url=fields["url"],
        title=fields["title"],
        published=published.replace(tzinfo=UTC) if published else None,
        site=fields["site"],
        province=fields.get("province") or None,
        author=fields.get("author") or None,
        category=fields.get("category"),
        score=round(score, 4),
        snippet=snippet(fields["body"], terms, exact, fields.get("captions") or ""),
    )
