"""`unionnews db`: the archive's schema, migrated by Alembic on SQLite and PostgreSQL alike.

A server database is migrated only here, deliberately: crawl workers that find it behind refuse to
start rather than race each other to alter tables. A SQLite archive upgrades itself when opened.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine

from archive import migrations
from archive.config import Config
from archive.db import connect, create_archive_engine, display_url


@contextmanager
def _engine(config: Config) -> Iterator[Engine]:
    engine = create_archive_engine(config.db_url)
    try:
        yield engine
    finally:
        engine.dispose()


@click.group()
def db() -> None:
    """Migrate and inspect the archive's schema (the database named by --db / UNIONNEWS_DB)."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@click.pass_obj
def upgrade(config: Config, revision: str) -> None:
    """Migrate the archive to the newest schema (creating it in an empty database)."""
    with _engine(config) as engine:
        before, after = migrations.upgrade(engine, revision)
        where = display_url(engine.url)
    if before == after:
        click.echo(f"{where}: already at revision {after}")
    else:
        click.echo(f"{where}: upgraded from {before or 'an empty database'} to revision {after}")


@db.command()
@click.option("--json", "as_json", is_flag=True, help="Print {revision, head, current} as JSON.")
@click.pass_obj
def current(config: Config, as_json: bool) -> None:
    """Print the archive's schema revision and whether it is the newest."""
    with _engine(config) as engine, connect(engine) as connection:
        revision = migrations.current_revision(connection)
    if as_json:
        click.echo(json.dumps({"revision": revision, "head": migrations.HEAD, "current": revision == migrations.HEAD}))
        return
    if revision == migrations.HEAD:
        click.echo(f"{revision} (head)")
    else:
        click.echo(f"{revision or 'none'} (head is {migrations.HEAD}: run `unionnews db upgrade`)")


@db.command()
@click.pass_obj
def check(config: Config) -> None:
    """Exit 0 if the archive is at the newest revision and its tables match the models; else list why not."""
    with _engine(config) as engine, connect(engine) as connection:
        revision = migrations.current_revision(connection)
        problems = [] if revision == migrations.HEAD else [f"revision {revision or 'none'}, head is {migrations.HEAD}"]
        problems += [_describe(diff) for diff in migrations.differences(connection)]
    if not problems:
        click.echo(f"ok: revision {revision}, schema matches the models")
        return
    for problem in problems:
        click.echo(problem)
    sys.exit(1)


@db.command()
@click.option("-m", "--message", required=True, help="What the schema change is for.")
@click.pass_obj
def revision(config: Config, message: str) -> None:
    """For developers: write the next migration from what the models add to the archive at --db."""
    with _engine(config) as engine:
        path = migrations.new_revision(engine, message)
    click.echo(f"wrote {path}: review it, then run `unionnews db upgrade`")


def _describe(diff: object) -> str:
    """One line per difference: Alembic reports tuples (or lists of them, for one column's changes)."""
    if isinstance(diff, list):
        return "; ".join(_describe(d) for d in diff)
    if isinstance(diff, tuple) and diff:
        kind, *rest = diff
        names = [getattr(item, "name", None) or str(item) for item in rest if item is not None]
        return f"{kind}: {' '.join(names)}"[:300]
    return str(diff)[:300]
