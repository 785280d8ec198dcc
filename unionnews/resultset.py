"""The articles a search selects, as full records: what `unionnews export` and the web app's downloads write.

With query text the index decides which articles match and in what order (`SearchEngine.ranked_ids`:
one ranking, no snippets), and the archive is then read a batch of ids at a time, so memory holds the
ids (8 bytes an article) but never the articles. Without query text there is nothing to rank, and the
archive answers the same filters itself (archive.filters), in archive order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from archive.export import count_records, iter_ids, iter_records, records_for_ids
from archive.store import Archive
from search.query import SearchRequest

RankedIds = Callable[[SearchRequest], list[int]]
BATCH = 500  # articles read from the archive per round


class ResultSet:
    """One search's articles; `ranked_ids` is the index's (the web app passes one that serialises access)."""

    def __init__(self, archive: Archive, ranked_ids: RankedIds, request: SearchRequest) -> None:
        self.archive = archive
        self.request = request
        self.ranked = bool(request.text.strip())
        self._ranked_ids = ranked_ids
        self._ids: list[int] | None = None

    def _all_ids(self) -> list[int]:
        if self._ids is None:
            self._ids = self._ranked_ids(self.request)
        return self._ids

    def count(self) -> int:
        """Exact with query text; without, the articles the SQL filters keep (an upper bound when rows are checked)."""
        if self.ranked:
            return len(self._all_ids())
        return count_records(self.archive, self.request.filters)

    def ids(self) -> Iterator[int]:
        """The articles' ids in the search's order, read without their records when SQL answers every filter."""
        if self.ranked:
            yield from self._all_ids()
        elif self.request.filters.needs_row_check():
            yield from (record["id"] for record in self.records(encoded_body=True))
        else:
            yield from iter_ids(self.archive, self.request.filters)

    def records(self, scanned: Callable[[int], None] | None = None, encoded_body: bool = False
                ) -> Iterator[dict[str, Any]]:  # fmt: skip
        """Records in the search's order; `scanned(n)` reports progress as candidates are read.

        `encoded_body`: see archive.export.iter_records (for the JSON formats only).
        """
        if not self.ranked:
            yield from iter_records(self.archive, where=self.request.filters, scanned=scanned,
                                    encoded_body=encoded_body)  # fmt: skip
            return
        ids = self._all_ids()
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            yield from records_for_ids(self.archive, batch, encoded_body)
            if scanned:
                scanned(len(batch))
