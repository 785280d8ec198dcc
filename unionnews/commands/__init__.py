"""The `unionnews` subcommands, one module per concern; `unionnews.cli` assembles them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from archive.config import Config
from archive.store import Archive


@contextmanager
def open_archive(config: Config) -> Iterator[Archive]:
    archive = Archive(config.db_url)
    try:
        yield archive
    finally:
        archive.close()
