"""The index follows the archive: incremental sync, rebuild, check data and removal."""

from __future__ import annotations

import shutil
from pathlib import Path

from archive.store import Archive
from search.embedded.engine import EmbeddedEngine
from unionnews.indexing import rebuild, remove, sync


def test_sync_rebuild_hashes_and_remove(crawled_home: Path, tmp_path: Path) -> None:
    shutil.copy(crawled_home / "archive.sqlite3", tmp_path / "archive.sqlite3")
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    index = EmbeddedEngine(tmp_path / "index")
    assert sync(index, archive) == 28  # a new index directory: everything is indexed
    assert sync(index, archive) == 0  # nothing changed since
    hashes = index.hashes()
    assert len(hashes) == 28 and all(len(h) == 64 for h in hashes.values())
    assert remove(index, [min(hashes), 10**9]) == 1
    assert index.count() == 27
    assert rebuild(index, archive) == 28 and index.count() == 28
    archive.close()
