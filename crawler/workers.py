"""Cleaning and storing pages in worker processes, so a crawl uses every core.

The reactor downloads and parses listings; the work per article page (clean, entities, repeated-block
learning, store) is pure Python and tens of milliseconds long, so in one process the GIL would cap a
crawl at one core. Workers are spawned (not forked: the parent runs threads and holds the site
locks) on the first page, so a run with nothing new starts none, and the spiders of one process
share them. Each worker dies with the crawl: a SIGKILLed crawl must not leave a worker storing pages
behind its back, or its resume would race them.

Concurrent workers on one SQLite file are safe: the driver begins a transaction at its first write,
and the busy timeout queues writers. PostgreSQL takes them as they come.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from archive.store import Archive, FetchedPage
from cleaner.selectors import Selectors
from crawler.items import FailureItem, PageItem

_archive: Archive | None = None  # one per worker process


def die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent dies (helpers of a crawl)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _start_worker(db_url: str) -> None:
    global _archive
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle: it drains the workers
    _archive = Archive(db_url)


def store(item: Any, site_id: int, run_id: int, selectors: Selectors | None) -> str | None:
    """The outcome of one item: new, updated, unchanged, failed (no article) or not-modified."""
    return store_in(_worker_archive(), item, site_id, run_id, selectors)


def _worker_archive() -> Archive:
    assert _archive is not None, "store() runs in a worker started by WorkerPool"
    return _archive


def store_in(archive: Archive, item: Any, site_id: int, run_id: int, selectors: Selectors | None) -> str | None:
    if isinstance(item, FailureItem):
        archive.record_failure(site_id, item.url, item.reason, run_id, item.ledger_key)
        return "failed"
    if isinstance(item, PageItem) and item.status == 304:
        archive.record_not_modified(item.url, run_id, item.ledger_key)
        return "not-modified"
    if isinstance(item, PageItem):
        from archive.ingest import process_page  # the cleaner: imported by the workers, not the crawl's process

        page = FetchedPage(item.url, item.body, item.status, item.headers, item.fetched_at, item.ledger_key,
                           item.requested_url)  # fmt: skip
        return process_page(archive, site_id, page, selectors, run_id, require_article=item.require_article).value
    return None


class WorkerPool:
    """The process's pool, started on first use and stopped when its last user lets go."""

    _executor: ProcessPoolExecutor | None = None
    _users = 0

    def __init__(self, db_url: str, workers: int) -> None:
        self.db_url = db_url
        self.workers = workers
        WorkerPool._users += 1

    def executor(self) -> ProcessPoolExecutor:
        if WorkerPool._executor is None:
            WorkerPool._executor = ProcessPoolExecutor(
                self.workers, multiprocessing.get_context("spawn"), _start_worker, (self.db_url,)
            )
        return WorkerPool._executor

    def restart(self) -> None:
        """After a worker died (a crash in a C extension, the OOM killer): the pool is broken, start anew."""
        if WorkerPool._executor is not None:
            WorkerPool._executor.shutdown(wait=False, cancel_futures=True)
            WorkerPool._executor = None

    def release(self) -> None:
        WorkerPool._users -= 1
        if WorkerPool._users == 0 and WorkerPool._executor is not None:
            WorkerPool._executor.shutdown(wait=True)
            WorkerPool._executor = None


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
