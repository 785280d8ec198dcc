"""`export`: cleaned articles for people who want the data, not the tool, filtered as `search` filters."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click

from archive.config import Config
from archive.export import FORMATS, write_records
from archive.filters import Filters
from search.query import SearchRequest
from unionnews.commands import open_archive
from unionnews.commands.options import filter_options
from unionnews.indexing import open_engine
from unionnews.resultset import ResultSet


@contextmanager
def _output(path: str) -> Iterator[BinaryIO]:
    """stdout for "-"; else a temporary file beside `path`, put in its place only when the export succeeds."""
    if path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="File, or - for stdout.")
@click.option("--format", "fmt", type=click.Choice((*FORMATS, "warc")), default="jsonl", show_default=True,
              help="warc: the stored raw pages as WARC response records (gzipped when FILE ends in .gz).")  # fmt: skip
@click.option("--query", "-q", "query", default="", help="Only articles matching this search, in its order.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Order of a --query export.")  # fmt: skip
@filter_options
@click.pass_obj
def export(config: Config, output: str, fmt: str, query: str, sort: str, filters: Filters) -> None:
    """Write cleaned articles as JSON Lines (one per line), a JSON array or CSV; or their pages as WARC.

    Without --query, every article the filters keep, in archive order; with it, the search's hits.
    A progress bar is drawn on stderr when it is a terminal.
    """
    request = SearchRequest(text=query, filters=filters, sort=sort, facets=False)
    request.validate()
    with open_archive(config, existing=True) as archive:
        selection = ResultSet(archive, open_engine(config).ranked_ids, request)
        if fmt == "warc":
            with _output(output) as out:
                count = _write_warc(selection, out, output, request)
            if output != "-":
                click.echo(f"exported {count} pages to {output}", err=True)
            return
        encoded = fmt != "csv"
        with _output(output) as out:
            if sys.stderr.isatty():
                with click.progressbar(length=selection.count(), label="exporting", file=sys.stderr,
                                       show_pos=True, show_percent=True) as bar:  # fmt: skip
                    count = write_records(selection.records(bar.update, encoded), out, fmt)
            else:
                count = write_records(selection.records(encoded_body=encoded), out, fmt)
    if output != "-":
        click.echo(f"exported {count} articles to {output}", err=True)


def _write_warc(selection: ResultSet, out: BinaryIO, output: str, request: SearchRequest) -> int:
    """The selected articles' raw pages as a WARC file (gzip per record when its name ends in .gz, or on stdout)."""
    from archive.warc import stored_pages, write_warc
    from unionnews.warc import warcinfo

    name = Path(output).name if output != "-" else "unionnews.warc.gz"
    return write_warc(stored_pages(selection.archive, selection.ids()), out, name, warcinfo(request))
