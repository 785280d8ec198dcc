"""A one-line live status of a crawl on stderr, for people watching a terminal (never under cron)."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterable
from typing import Any


class Progress:
    def __init__(self, crawlers: Iterable[Any], interval: float = 0.5) -> None:
        self.crawlers = crawlers
        self.interval = interval
        self.started = time.monotonic()
        self._loop: Any = None

    def start(self) -> None:
        from twisted.internet import task  # after CrawlerProcess has installed its reactor

        self._loop = task.LoopingCall(self.draw)
        self._loop.start(self.interval, now=True)

    def stop(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        sys.stderr.write("\r" + " " * (shutil.get_terminal_size().columns - 1) + "\r")
        sys.stderr.flush()

    def line(self) -> str:
        total: dict[str, int] = {}
        for crawler in self.crawlers:
            for key, value in crawler.stats.get_stats().items():
                if isinstance(value, int):
                    total[key] = total.get(key, 0) + value
        done = sum(1 for crawler in self.crawlers if crawler.stats.get_value("finish_reason"))
        sent, dequeued = total.get("scheduler/enqueued", 0), total.get("scheduler/dequeued", 0)
        fetched = total.get("unionnews/fetched", 0)
        failed = total.get("unionnews/failed", 0)
        width = 20
        filled = int(width * dequeued / sent) if sent else 0
        rate = fetched / max(time.monotonic() - self.started, 1e-6)
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{len(list(self.crawlers))} sites · "
            f"{fetched} pages ({total.get('unionnews/new', 0)} new, {total.get('unionnews/updated', 0)} updated, "
            f"{failed} failed) · "
            f"{sent - dequeued} queued · {rate:.1f} pages/s"
        )

    def draw(self) -> None:
        columns = shutil.get_terminal_size().columns - 1
        sys.stderr.write("\r" + self.line()[:columns].ljust(columns))
        sys.stderr.flush()
