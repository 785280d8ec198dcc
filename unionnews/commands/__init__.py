"""The `unionnews` subcommands, one module per concern; `unionnews.cli` assembles them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from archive.config import Config
from archive.db import database_url
from archive.store import Archive
from crawler.sites import Profiles, load_profiles


def require_archive(config: Config) -> None:
    """Commands that only read never create an archive: a mistyped --data-dir would answer "nothing"."""
    url = database_url(config.db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).expanduser().exists():
        raise FileNotFoundError(f"there is no archive at {url.database}: check --data-dir / UNIONNEWS_HOME "
                                "(or --db), or crawl or ingest pages first")  # fmt: skip


@contextmanager
def open_archive(config: Config, existing: bool = False) -> Iterator[Archive]:
    """The archive; `existing`: refuse to create one (require_archive)."""
    if existing:
        require_archive(config)
    archive = Archive(config.db_url)
    try:
        yield archive
    finally:
        archive.close()


def site_profiles(config: Config, warn: bool = True) -> Profiles:
    """The built-in profiles and the home's own; each broken file is one warning line, the rest still load."""
    profiles = load_profiles(config.home)
    if warn:
        for error in profiles.errors.values():
            click.echo(f"unionnews: warning: {error}", err=True)
    return profiles
