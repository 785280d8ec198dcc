"""One indexer that follows the archive: with many crawl workers, only it writes the index.

Workers on other machines cannot reach this machine's index directory, and a sync per finished
spider would queue them on one lock. Instead the workers only write the archive, and the follower
polls it: every `interval` seconds it runs `SearchIndex.sync`, which indexes the articles whose
content hash the index does not hold yet. A crashed follower loses nothing: the next one finds the
same rows pending. A second follower of the same index refuses to start.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from archive.store import Archive
from search.embedded.index import SearchIndex
from search.lock import IndexBusy, writer_lock


def follow(
    index: SearchIndex,
    archive: Archive,
    interval: float = 2.0,
    stop: threading.Event | None = None,
    report: Callable[[int], None] | None = None,
) -> int:
    """Sync until `stop` is set (SIGINT and SIGTERM set it when run in the main thread); returns the total."""
    stop = stop or threading.Event()
    lock = Path(str(index.lock_path) + ".follow")
    try:
        with writer_lock(lock, timeout=0):
            return _loop(index, archive, interval, stop, report)
    except IndexBusy:
        raise IndexBusy(f"another indexer already follows the index at {index.directory}") from None


def _loop(index: SearchIndex, archive: Archive, interval: float, stop: threading.Event,
          report: Callable[[int], None] | None) -> int:  # fmt: skip
    if threading.current_thread() is threading.main_thread():

        def _stop(_signum: int, _frame: FrameType | None) -> None:
            stop.set()

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stop)
    total = 0
    while not stop.is_set():
        done = index.sync(archive)
        total += done
        if done and report:
            report(done)
        stop.wait(interval)
    return total
