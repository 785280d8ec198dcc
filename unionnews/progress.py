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

    def line(self, columns: int) -> str:
        """The status in at most `columns` characters: parts that do not fit are left out whole, last first."""
        crawlers = list(self.crawlers)
        total: dict[str, int] = {}
        for crawler in crawlers:
            for key, value in crawler.stats.get_stats().items():
                if isinstance(value, int):
                    total[key] = total.get(key, 0) + value
        done = sum(1 for crawler in crawlers if crawler.stats.get_value("finish_reason"))
        width = 20
        filled = int(width * sum(_share_done(crawler) for crawler in crawlers) / max(len(crawlers), 1))
        rate = total.get("unionnews/fetched", 0) / max(time.monotonic() - self.started, 1e-6)
        parts = [
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{len(crawlers)} sites",
            f"{total.get('unionnews/fetched', 0)} pages ({total.get('unionnews/new', 0)} new, "
            f"{total.get('unionnews/updated', 0)} updated, {total.get('unionnews/failed', 0)} failed)",
            f"{total.get('scheduler/enqueued', 0) - total.get('scheduler/dequeued', 0)} queued",
            f"{rate:.1f} pages/s",
        ]
        while len(parts) > 1 and len(" · ".join(parts)) > columns:
            parts.pop()
        return " · ".join(parts)[:columns]

    def draw(self) -> None:
        columns = shutil.get_terminal_size().columns - 1
        sys.stderr.write("\r" + self.line(columns).ljust(columns))
        sys.stderr.flush()


def _share_done(crawler: Any) -> float:
    """A finished site counts whole; a running one by the answers it has had for the requests it knows of.

    (Requests taken off the queue are not answered yet: counting those filled the bar at the first request.)
    """
    if crawler.stats.get_value("finish_reason"):
        return 1.0
    known = crawler.stats.get_value("scheduler/enqueued", 0)
    return min(crawler.stats.get_value("response_received_count", 0) / known, 1.0) if known else 0.0
