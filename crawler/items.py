"""What the spider hands to the pipelines: fetched pages and fetches that failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class PageItem:
    """An article page as downloaded; extraction happens in a pipeline so its failures are recorded."""

    site: str
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    ledger_key: str | None = None  # the run's request this page answers
    requested_url: str | None = None  # the address asked for (differs from `url` after a redirect)
    require_article: bool = False  # its URL did not say it is an article: its content must (cleaner.acceptance)
    fetched_at: datetime = field(default_factory=_now)


@dataclass
class FailureItem:
    site: str
    url: str
    reason: str
    ledger_key: str | None = None
