"""The `unionnews` subcommands, one module per concern; `unionnews.cli` assembles them."""

from __future__ import annotations

from contextlib import closing

import click

from archive.config import Config
from archive.store import Archive
from crawler.sites import Profiles, load_profiles


def open_archive(config: Config) -> closing[Archive]:
    """The archive of ``config``, closed when the ``with`` block ends."""
    return closing(Archive(config.db_url))


def site_profiles(config: Config, warn: bool = True) -> Profiles:
    """The built-in profiles and the home's own; each broken file is one warning line, the rest still load."""
    profiles = load_profiles(config.home)
    if warn:
        for error in profiles.errors.values():
            click.echo(f"unionnews: warning: {error}", err=True)
    return profiles
