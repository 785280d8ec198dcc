"""Which index the code expects, readable without importing the search engine.

A cron run that stored nothing asks whether the index is behind the archive before deciding to
import Whoosh and numpy at all (unionnews.crawl): the answer needs only this file and two queries.
"""

from __future__ import annotations

from pathlib import Path

# Bump when fields or analyzers change: an index of another version is rebuilt, never misread.
SCHEMA_VERSION = 4
VERSION_FILE = "UNIONNEWS_SCHEMA"


def has_current_index(directory: Path) -> bool:
    """An index of this version exists there (Whoosh's table of contents, and our marker beside it)."""
    marker = directory / VERSION_FILE
    try:
        return marker.read_text().strip() == str(SCHEMA_VERSION) and any(directory.glob("_MAIN_*.toc"))
    except OSError:
        return False
