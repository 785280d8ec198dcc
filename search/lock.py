"""One index writer at a time across processes: a crawl's sync and an `unionnews index` may overlap.

Whoosh's own lock only guards a single commit; a sync reads pending articles from the archive, indexes
them, then marks them indexed, and two syncs interleaving those steps would index the same rows twice
or mark a stale version. An advisory lock held for the whole sync serialises them; the second sync
then finds only what changed after the first.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class IndexBusy(OSError):
    """Another process held the index lock for longer than we were willing to wait."""


@contextmanager
def writer_lock(path: Path, timeout: float) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"the search index at {path.parent} is being written by another process") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
