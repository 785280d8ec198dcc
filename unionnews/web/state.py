"""What one app process holds: the archive, and the search index whose in-memory snapshot serves every search."""

from __future__ import annotations

import threading

from archive.store import Archive
from search.index import SearchIndex, SearchResults
from search.query import SearchRequest
from unionnews.config import Config


class WebState:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.archive = Archive(config.db_url)
        self.index = SearchIndex(config.index_dir)
        # Whoosh readers are not documented as thread-safe; searches take milliseconds, so take turns.
        self._search_lock = threading.Lock()

    def search(self, request: SearchRequest) -> SearchResults:
        with self._search_lock:
            return self.index.search(request)

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        with self._search_lock:
            return self.index.ranked_ids(request)

    def close(self) -> None:
        self.index.close()
        self.archive.close()
