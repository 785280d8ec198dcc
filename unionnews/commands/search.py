"""`index` and `search`: keeping the index in step with the archive, and querying it."""

from __future__ import annotations

import json

import click

from archive.config import Config
from archive.filters import Filters
from search.query import SearchRequest
from unionnews import indexing
from unionnews.commands import open_archive
from unionnews.commands.options import filter_options
from unionnews.output import hit_record, print_facets, print_hit
from vnlang.numbers import format_number


@click.command()
@click.option("--rebuild", is_flag=True, help="Recreate the index from the archive instead of updating it.")
@click.option("--follow", is_flag=True, help="Keep indexing new rows until stopped (the one indexer of a shared archive).")
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(0.05), help="Seconds between polls.")
@click.pass_obj
def index(config: Config, rebuild: bool, follow: bool, interval: float) -> None:
    """Bring the search index up to date with the archive."""
    with open_archive(config, existing=True) as archive:
        engine = indexing.open_engine(config)
        done = indexing.rebuild(engine, archive) if rebuild else indexing.sync(engine, archive)
        click.echo(f"indexed {done} articles; the index holds {engine.count()}")
        if follow:
            click.echo(f"following the archive every {interval:g} s; Ctrl-C stops", err=True)

            def report(count: int) -> None:
                click.echo(f"indexed {count} articles; the index holds {engine.count()}")

            indexing.follow(config, engine, archive, interval, report=report)


@click.command()
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Hits per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page of hits.")
@filter_options
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Order of hits; without QUERY always date (newest first).")  # fmt: skip
@click.option("--facets", "show_facets", is_flag=True, help="Also show counts by site, province, year, author and entity.")
@click.pass_obj
def search(config: Config, query: str, as_json: bool, limit: int, page: int, filters: Filters, sort: str,
           show_facets: bool) -> None:  # fmt: skip
    """Full-text search; diacritics, tone-mark style, abbreviations and damaged text do not matter.

    QUERY: words (all required), "a phrase", AND, OR, NOT or -word, and parentheses. Without QUERY,
    every article the filters keep, newest first (at least one filter is then needed).
    """
    request = SearchRequest(text=query, limit=limit, page=page, filters=filters, sort=sort, facets=show_facets)
    results = indexing.open_engine(config).search(request)
    if as_json:
        click.echo(json.dumps([hit_record(h) for h in results.hits], ensure_ascii=False, indent=2))
        return
    if not results.hits:
        click.echo(f"Không tìm thấy kết quả cho «{query}» (no results)." if query.strip() else
                   "Không có bài nào qua bộ lọc (no results).")  # fmt: skip
        if results.suggestion:
            click.echo(f"Có phải bạn muốn tìm (did you mean): {results.suggestion}")
        return
    click.echo(f"{format_number(results.total)} kết quả (results) · trang {results.page}/{results.pages}\n")
    for rank, hit in enumerate(results.hits, start=(results.page - 1) * limit + 1):
        print_hit(rank, hit)
    if show_facets:
        print_facets(results.facets)
