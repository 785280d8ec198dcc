"""The `unionnews` command: one front for crawling, cleaning, archiving, indexing, searching, exporting.

Bad input ends with one line on stderr and a non-zero exit, never a traceback: operators run this
under cron and researchers in a terminal, and neither should have to read Python internals.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from archive.config import load_config

# Each command is imported when it runs: a cron run of `crawl` with nothing new lasts about a second, and
# importing the web app, the exporter and the index with it would be a good part of that.
_COMMANDS = {
    "crawl": "crawl:crawl", "sites": "sites:sites", "extract": "pages:extract", "ingest": "pages:ingest",
    "index": "search:index", "search": "search:search", "export": "export:export", "demo-server": "demo:demo_server",
    "demo": "demo:demo", "entities": "entities:entities", "db": "db:db", "serve": "serve:serve",
    "schedule": "schedule:schedule", "status": "status:status", "check": "check:check",
    "reextract": "reextract:reextract", "ingest-warc": "warc:ingest_warc",
    "backfill": "backfill:backfill",
}  # fmt: skip


def _user_errors() -> tuple[type[BaseException], ...]:
    """The errors a user can cause (a raised one's module is already imported, so this costs nothing)."""
    from cleaner import ExtractionError
    from crawler.sites import UnknownSite
    from search.query import QueryError

    return QueryError, UnknownSite, ExtractionError, OSError, ValueError, OverflowError  # e.g. --from 0001-01-01


class OneLineUsageError(click.UsageError):
    """A usage error shown the way every other error is: one line, not Click's usage block and hint."""

    def show(self, file: Any = None) -> None:
        click.echo(f"unionnews: error: {self.format_message()}", err=True)


def _one_line(exc: click.UsageError) -> OneLineUsageError:
    path = exc.ctx.command_path if exc.ctx else "unionnews"
    return OneLineUsageError(f"{exc.format_message().rstrip('.')} (see `{path} --help`)", exc.ctx)


class UnionnewsGroup(click.Group):
    """Turns the errors a user can cause into `unionnews: error: …` and exit status 2.

    A closed pipe (`unionnews entities | head`) is no error: Click's own handling ends the command quietly.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in _COMMANDS:
            return None
        module, attribute = _COMMANDS[name].split(":")
        return getattr(importlib.import_module(f"unionnews.commands.{module}"), attribute)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.exceptions.NoArgsIsHelpError, OneLineUsageError):
            raise
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except click.ClickException as exc:
            click.echo(f"unionnews: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code or 2)
        except Exception as exc:
            damage = _archive_damage(exc, ctx.obj)
            if damage is None and (isinstance(exc, BrokenPipeError) or not isinstance(exc, _user_errors())):
                raise
            click.echo(f"unionnews: error: {damage or exc}", err=True)
            sys.exit(2)


def _archive_damage(exc: BaseException, config: Any) -> Exception | None:
    """A damaged SQLite file found past opening (rows unreadable mid-command), said in one line."""
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(exc, errors.DatabaseError) or isinstance(exc, errors.OperationalError):
        return None
    from archive.db import damage_reason, damaged, database_url

    reason, url = damage_reason(exc), database_url(config.db_url)
    if url.get_backend_name() != "sqlite" or not any(s in reason for s in ("malformed", "not a database")):
        return None
    return damaged(str(url.database), reason)


@click.group(cls=UnionnewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unionnews", prog_name="unionnews", message="%(prog)s %(version)s")
@click.option("--data-dir", type=click.Path(file_okay=False), help="Archive and index folder [env UNIONNEWS_HOME].")
@click.option("--db", "db_url", help="Database URL, e.g. postgresql+psycopg://… [env UNIONNEWS_DB; default SQLite].")
@click.option("--search", "search_engine", help="Search engine: embedded (index files, the default) or postgresql "
              "(in a PostgreSQL archive's database) [env UNIONNEWS_SEARCH].")  # fmt: skip
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, db_url: str | None, search_engine: str | None) -> None:
    """Crawl, clean, archive and search the news of Vietnam's provincial labour-union federations."""
    ctx.obj = load_config(data_dir, db_url, search_engine)
