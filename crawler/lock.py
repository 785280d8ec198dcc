"""One crawl of a site at a time: an advisory lock file per site under the data directory.

Two processes crawling one site would share a run ledger and race on it; cron firing while the last
run is still going, or Scrapyd given the same job twice, must find the site busy instead. The kernel
drops the lock when its holder dies, even by SIGKILL, so a killed crawl never blocks its resume.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class SiteBusy(OSError):
    """Another process holds the site's lock (an OSError, so the CLI reports it in one line)."""


class SiteLock:
    def __init__(self, home: Path, site: str) -> None:
        self.path = Path(home) / "locks" / f"{site}.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise SiteBusy(f"{self.path.stem} is being crawled by another process (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def is_held_elsewhere(self) -> bool:
        """Whether a live process holds this site's lock (for `status`: running or killed?)."""
        try:
            self.acquire()
        except SiteBusy:
            return True
        self.release()
        return False

    def __enter__(self) -> SiteLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.release()
