"""The filter options of `search` and `export`, made from the filter table (archive.filters): declared nowhere else."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from archive.filters import FILTERS, Filters


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add one option per filter; the command receives them as one `filters` argument (a Filters value).

    Values are parsed as the web app parses them, so `--from 27/12/2020` works as `?from=27/12/2020` does,
    and a bad one is the filter's own one-line message.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        filters = Filters.parse({f.name: kwargs.pop(f.name) for f in FILTERS})
        return command(*args, filters=filters, **kwargs)

    for row in reversed(FILTERS):  # click lists options in the order they are applied, last first
        metavar = "DATE" if row.dated else "TEXT"
        run = click.option(row.option, row.name, multiple=row.repeatable, metavar=metavar, help=row.help)(run)
    return run
