"""The index follows the archive: incremental sync, rebuild, check data and removal."""

from __future__ import annotations

import shutil
from pathlib import Path

from archive.store import Archive
from search.embedded.index import SearchIndex


def test_sync_rebuild_hashes_and_remove(crawled_home: Path, tmp_path: Path) -> None:
    shutil.copy(crawled_home / "archive.sqlite3", tmp_path / "archive.sqlite3")
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    index = SearchIndex(tmp_path / "index")
    assert index.sync(archive) == 28  # a new index directory: everything is indexed
    assert index.sync(archive) == 0  # nothing changed since
    hashes = index.indexed_hashes()
    assert len(hashes) == 28 and all(len(h) == 64 for h in hashes.values())
    assert index.remove([min(hashes), 10**9]) == 1
    assert index.doc_count() == 27
    assert index.rebuild(archive) == 28 and index.doc_count() == 28
    archive.close()
