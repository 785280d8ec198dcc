"""What one app process holds: the archive, and the search index whose in-memory snapshot serves every search."""

from __future__ import annotations

import threading

from archive.config import Config
from archive.store import Archive
from search.engine import SearchResults
from search.query import SearchRequest
from unionnews.indexing import open_engine


class WebState:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.archive = Archive(config.db_url)
        self.index = open_engine(config)
        # Engines need not be thread-safe (Whoosh's readers are not documented as such); searches take
        # milliseconds, so take turns.
        self._search_lock = threading.Lock()

    def warm(self) -> None:
        """Load the index generation's tables in the background, taking the search turn, so the first
        search after start does not pay for them. Searches meanwhile wait their turn."""

        def load() -> None:
            with self._search_lock:
                self.index.warm()

        threading.Thread(target=load, name="warm-index", daemon=True).start()

    def search(self, request: SearchRequest) -> SearchResults:
        with self._search_lock:
            return self.index.search(request)

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        with self._search_lock:
            return self.index.ranked_ids(request)

    def close(self) -> None:
        self.index.close()
        self.archive.close()
