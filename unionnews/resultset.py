"""The articles a search selects, as full records: what `unionnews export` and the web app's downloads write.

With query text the index decides which articles match and in what order, page by page, so a download
holds one page of ids at a time however large the result set. Without query text there is nothing to
rank, and the archive answers the same filters itself (archive.export.ArticleFilter), in archive order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from archive.export import ArticleFilter, count_records, iter_records, records_for_ids
from archive.store import Archive
from search.index import SearchResults
from search.query import SearchRequest

Search = Callable[[SearchRequest], SearchResults]
PAGE = 500  # ids fetched from the index, then articles from the archive, per round


def article_filter(request: SearchRequest) -> ArticleFilter:
    return ArticleFilter(
        sites=request.sites, province=request.province, author=request.author, category=request.category,
        persons=request.persons, organizations=request.organizations, places=request.places,
        date_from=request.date_from, date_to=request.date_to,
    )  # fmt: skip


class ResultSet:
    """One search's articles; `search` is the index's search (the web app passes one that serialises access)."""

    def __init__(self, archive: Archive, search: Search, request: SearchRequest) -> None:
        self.archive = archive
        self.search = search
        self.request = request
        self.ranked = bool(request.text.strip())

    def _page(self, number: int) -> SearchResults:
        return self.search(replace(self.request, page=number, limit=PAGE, facets=False))

    def count(self) -> int:
        """Exact with query text; without, the articles the SQL filters keep (an upper bound when rows are checked)."""
        if self.ranked:
            return self._page(1).total
        return count_records(self.archive, article_filter(self.request))

    def records(self, scanned: Callable[[int], None] | None = None, encoded_body: bool = False
                ) -> Iterator[dict[str, Any]]:  # fmt: skip
        """Records in the search's order; `scanned(n)` reports progress as candidates are read.

        `encoded_body`: see archive.export.iter_records (for the JSON formats only).
        """
        if not self.ranked:
            yield from iter_records(self.archive, where=article_filter(self.request), scanned=scanned,
                                    encoded_body=encoded_body)  # fmt: skip
            return
        number, pages = 1, 1
        while number <= pages:
            results = self._page(number)
            pages = results.pages
            yield from records_for_ids(self.archive, [hit.id for hit in results.hits], encoded_body)
            if scanned:
                scanned(len(results.hits))
            number += 1
