"""`demo-server` and `demo`: the bundled demo sites, and the whole pipeline run over them."""

from __future__ import annotations

from typing import Any

import click

from archive.config import Config
from search.query import SearchRequest
from unionnews.commands import open_archive, site_profiles
from unionnews.commands.crawl import print_reports
from unionnews.indexing import open_engine
from unionnews.output import print_hit


@click.command(name="demo-server")
@click.option("--port", "port_base", default=8471, show_default=True, help="Port of the first site; the others follow.")
def demo_server(port_base: int) -> None:
    """Serve the four demo sites on 127.0.0.1 until Ctrl-C."""
    from unionnews.demo.server import DEFAULT_PORTS, serve

    serve("127.0.0.1", {name: port_base + i for i, name in enumerate(DEFAULT_PORTS)})


def _start_demo_server() -> tuple[Any, dict[str, str]]:
    """The demo sites on their profiles' own ports, so archived URLs stay valid under `demo-server`;
    on free ports when those are taken."""
    from unionnews.demo.server import DEFAULT_PORTS, DemoServer

    try:
        server = DemoServer(ports=DEFAULT_PORTS)
        return server, server.start()
    except OSError:
        click.echo("ports 8471-8474 are busy: serving the demo sites on free ports", err=True)
        server = DemoServer(ports={name: 0 for name in DEFAULT_PORTS})
        return server, server.start()


@click.command()
@click.option("--query", default="cong doan", show_default=True, help="The search to show at the end.")
@click.pass_obj
def demo(config: Config, query: str) -> None:
    """Serve the demo sites, crawl them all into the archive, and show a search."""
    from unionnews.crawl import run_crawl

    server, base_urls = _start_demo_server()
    try:
        click.echo(f"demo sites up: {', '.join(f'{n} {u}' for n, u in base_urls.items())}")
        profiles = site_profiles(config)
        reports = run_crawl(config, [profiles.get(name) for name in base_urls], base_urls)
    finally:
        server.stop()
    print_reports(reports)
    with open_archive(config) as archive:
        click.echo(f"\narchive {config.db_url} holds {archive.count_articles()} articles; index in {config.index_dir}\n")
    click.echo(f"$ unionnews search {query!r}\n")
    results = open_engine(config).search(SearchRequest(query, limit=3))
    click.echo(f"{results.total} kết quả (results)\n")
    for rank, hit in enumerate(results.hits, start=1):
        print_hit(rank, hit)
