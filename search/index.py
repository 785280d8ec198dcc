"""The search index: a Whoosh directory fed from the archive, never the other way round.

The archive records, per article, the content hash the index holds (`indexed_hash`), so `sync` indexes
exactly the new and changed articles after a crawl, and an interrupted sync is simply resumed by the
next one. `rebuild` recreates the whole index from the archive.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload
from whoosh import index as whoosh_index
from whoosh.highlight import ContextFragmenter, HtmlFormatter
from whoosh.index import FileIndex

from archive.models import Article
from archive.store import Archive
from search.query import SearchRequest, build_filter, build_query, sort_spec
from search.schema import SCHEMA_VERSION, build_schema
from search.vietnamese import fold

_VERSION_FILE = "UNIONNEWS_SCHEMA"
_LOCK_TIMEOUT = 120.0  # seconds a writer waits for another (a crawl and an `index` run may overlap)


@dataclass(frozen=True)
class Hit:
    id: int
    url: str
    title: str
    published: datetime | None
    site: str
    province: str | None
    author: str | None
    score: float
    snippet: str


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    pages: int


def _document(row: Article) -> dict[str, Any]:
    published = row.published.astimezone(UTC).replace(tzinfo=None) if row.published else None
    doc: dict[str, Any] = {
        "id": str(row.id),
        "url": row.url,
        "site": row.site.name,
        "province": row.site.province,
        "province_key": fold(row.site.province or ""),
        "author": row.author,
        "author_key": row.author or "",
        "category": row.category,
        "category_key": fold(row.category or ""),
        "title": row.title,
        "body": row.body,
        "title_fold": row.title,
        "body_fold": row.body,
        "content_hash": row.content_hash,
    }
    if published:
        doc["published"] = published
        doc["year"] = row.published.year
    return doc


class SearchIndex:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _is_current(self) -> bool:
        marker = self.directory / _VERSION_FILE
        return (
            whoosh_index.exists_in(str(self.directory))
            and marker.exists()
            and marker.read_text().strip() == str(SCHEMA_VERSION)
        )

    def _create(self) -> FileIndex:
        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        ix = whoosh_index.create_in(str(self.directory), build_schema())
        (self.directory / _VERSION_FILE).write_text(str(SCHEMA_VERSION))
        return ix

    def _open(self) -> FileIndex:
        return whoosh_index.open_dir(str(self.directory))

    def sync(self, archive: Archive, batch: int = 500) -> int:
        """Index new and changed articles; returns how many were (re)indexed."""
        if not self._is_current():
            self._create()
            archive.clear_indexed()
        ix = self._open()
        done = 0
        for rows in self._pending(archive, batch):
            writer = ix.writer(timeout=_LOCK_TIMEOUT, limitmb=256)
            for row in rows:
                writer.update_document(**_document(row))
            writer.commit()
            archive.mark_indexed({row.id: row.content_hash for row in rows})
            done += len(rows)
        return done

    def _pending(self, archive: Archive, batch: int) -> Iterator[list[Article]]:
        query = (
            select(Article)
            .options(joinedload(Article.site))
            .where(or_(Article.indexed_hash.is_(None), Article.indexed_hash != Article.content_hash))
            .order_by(Article.id)
            .limit(batch)
        )
        while True:
            with archive.session() as session:
                rows = list(session.scalars(query))
            if not rows:
                return
            yield rows

    def rebuild(self, archive: Archive) -> int:
        self._create()
        archive.clear_indexed()
        return self.sync(archive)

    def indexed_hashes(self) -> dict[int, str]:
        """Article id → the content hash the index holds: what `check` compares with the archive."""
        if not self._is_current():
            return {}
        with self._open().searcher() as searcher:
            return {int(fields["id"]): fields["content_hash"] for fields in searcher.all_stored_fields()}

    def remove(self, article_ids: Iterable[int]) -> int:
        """Drop articles the archive no longer has; returns how many were in the index."""
        if not self._is_current():
            return 0
        writer = self._open().writer(timeout=_LOCK_TIMEOUT)
        removed = sum(writer.delete_by_term("id", str(article_id)) for article_id in article_ids)
        writer.commit()
        return removed

    def doc_count(self) -> int:
        if not self._is_current():
            return 0
        with self._open().searcher() as searcher:
            return searcher.doc_count()

    def search(self, request: SearchRequest) -> SearchResults:
        if not self._is_current():
            return SearchResults([], 0, request.page, 0)
        ix = self._open()
        query = build_query(ix.schema, request.text)
        with ix.searcher() as searcher:
            page = searcher.search_page(
                query,
                request.page,
                pagelen=request.limit,
                filter=build_filter(request),
                terms=True,
                **sort_spec(request),
            )
            page.results.fragmenter = ContextFragmenter(maxchars=200, surround=60)
            page.results.formatter = HtmlFormatter(tagname="mark", between=" … ")
            hits = [self._hit(hit) for hit in page]
            return SearchResults(hits, page.total, page.pagenum, page.pagecount)

    @staticmethod
    def _hit(hit: Any) -> Hit:
        snippet = hit.highlights("body_fold", text=hit["body"], top=2) or hit["body"][:200]
        published = hit.get("published")
        return Hit(
            id=int(hit["id"]),
            url=hit["url"],
            title=hit["title"],
            published=published.replace(tzinfo=UTC) if published else None,
            site=hit["site"],
            province=hit.get("province"),
            author=hit.get("author"),
            score=round(float(hit.score or 0.0), 4),
            snippet=snippet,
        )
