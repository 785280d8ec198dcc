"""`export`: cleaned articles for people who want the data, not the tool."""

from __future__ import annotations

import click

from archive.export import iter_records, write_records
from unionnews.commands import open_archive
from unionnews.config import Config


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="File, or - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@click.option("--site", "sites", multiple=True, help="Only these sites (repeatable).")
@click.pass_obj
def export(config: Config, output: str, fmt: str, sites: tuple[str, ...]) -> None:
    """Write cleaned articles as JSON Lines (one per line) or a JSON array."""
    with open_archive(config) as archive, click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        count = write_records(iter_records(archive, sites), out, fmt)
    if output != "-":
        click.echo(f"exported {count} articles to {output}", err=True)
