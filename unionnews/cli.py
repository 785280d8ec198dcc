"""The `unionnews` command: one front for crawling, cleaning, archiving, indexing, searching, exporting.

Bad input ends with one line on stderr and a non-zero exit, never a traceback: operators run this
under cron and researchers in a terminal, and neither should have to read Python internals.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from cleaner import ExtractionError
from crawler.sites import UnknownSite
from search.query import QueryError
from unionnews.commands import (
    check,
    crawl,
    db,
    demo,
    entities,
    export,
    pages,
    reextract,
    schedule,
    search,
    serve,
    status,
)
from unionnews.config import load_config

_USER_ERRORS = (QueryError, UnknownSite, ExtractionError, OSError, ValueError, OverflowError)  # e.g. --from 0001-01-01


class UnionnewsGroup(click.Group):
    """Turns the errors a user can cause into `unionnews: error: …` and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.UsageError):
            raise
        except click.ClickException as exc:
            click.echo(f"unionnews: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code or 2)
        except _USER_ERRORS as exc:
            click.echo(f"unionnews: error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=UnionnewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False), help="Archive and index folder [env UNIONNEWS_HOME].")
@click.option("--db", "db_url", help="Database URL, e.g. postgresql+psycopg://… [env UNIONNEWS_DB; default SQLite].")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, db_url: str | None) -> None:
    """Crawl, clean, archive and search the news of Vietnam's provincial labour-union federations."""
    ctx.obj = load_config(data_dir, db_url)


for command in (
    crawl.crawl, crawl.sites, pages.extract, pages.ingest, search.index, search.search,
    export.export, demo.demo_server, demo.demo, entities.entities, db.db, serve.serve,
    schedule.schedule, status.status, check.check, reextract.reextract,
):  # fmt: skip
    main.add_command(command)
