"""The `unionnews` command: one front for crawling, cleaning, archiving, indexing, searching, exporting.

Bad input ends with one line on stderr and a non-zero exit, never a traceback: operators run this
under cron and researchers in a terminal, and neither should have to read Python internals.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import click

from archive.export import iter_records, write_records
from archive.ingest import process_page
from archive.store import Archive, FetchedPage
from cleaner import ExtractionError, extract_html
from crawler.sites import PROFILES, SiteProfile, UnknownSite, get_profile, profile_for_url
from search.index import SearchIndex
from search.query import QueryError, SearchRequest
from unionnews.config import Config, load_config
from unionnews.output import hit_record, print_hit

_USER_ERRORS = (QueryError, UnknownSite, ExtractionError, OSError, ValueError, click.ClickException)


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


@contextmanager
def _archive(config: Config) -> Iterator[Archive]:
    archive = Archive(config.db_url)
    try:
        yield archive
    finally:
        archive.close()


def _parse_base_urls(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{pair!r} is not NAME=URL", param_hint="--base-url")
        get_profile(name)
        mapping[name] = url
    return mapping


def _print_reports(reports: list[Any]) -> None:
    click.echo(f"{'site':<16}{'status':<10}{'fetched':>8}{'new':>6}{'updated':>9}{'unchanged':>11}{'failed':>8}")
    for r in reports:
        click.echo(f"{r.site:<16}{r.status:<10}{r.fetched:>8}{r.new:>6}{r.updated:>9}{r.unchanged:>11}{r.failed:>8}")


@main.command()
@click.option("--site", "sites", multiple=True, help="Site profile to crawl (repeatable; default: every site).")
@click.option("--base-url", "base_urls", multiple=True, metavar="NAME=URL", help="Crawl site NAME at another address.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@click.pass_obj
def crawl(config: Config, sites: tuple[str, ...], base_urls: tuple[str, ...], verbose: bool) -> None:
    """Crawl sites into the archive, then bring the search index up to date."""
    profiles = [get_profile(name) for name in sites] if sites else list(PROFILES.values())
    from unionnews.crawl import run_crawl

    reports = run_crawl(config, profiles, _parse_base_urls(base_urls), "INFO" if verbose else "WARNING")
    _print_reports(reports)
    if any(r.fetched == 0 and r.failed for r in reports):
        sys.exit(1)  # a site that yielded nothing but failures needs an operator's look


@main.command()
def sites() -> None:
    """List the site profiles."""
    for profile in PROFILES.values():
        click.echo(f"{profile.name:<16}{profile.province:<16}{profile.family:<10}{profile.base_url}")


def _read_page(path: str) -> bytes:
    data = Path(path).read_bytes()
    if not data.strip():
        raise ExtractionError("file is empty")
    return data


def _profile_for(site: str | None, url: str) -> SiteProfile | None:
    return get_profile(site) if site else profile_for_url(url)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The page's original URL (default: the file's path as a file:// URL).")
@click.option("--site", help="Use this site profile's selectors (default: the profile the URL belongs to, if any).")
def extract(file: str, url: str | None, site: str | None) -> None:
    """Clean one saved HTML page and print the article as one JSON object."""
    url = url or Path(file).resolve().as_uri()
    profile = _profile_for(site, url)
    try:
        article = extract_html(_read_page(file), url, profile.selectors if profile else None)
    except ExtractionError as exc:
        raise ExtractionError(f"{file}: {exc}") from None
    record = article.to_record()
    if profile:
        record = {"site": profile.name, "province": profile.province, **record}
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", "urls", multiple=True, help="Original URL of each file, in order (repeat once per file).")
@click.option("--site", help="Site profile (default: by URL; else a site named after the URL's host).")
@click.pass_obj
def ingest(config: Config, files: tuple[str, ...], urls: tuple[str, ...], site: str | None) -> None:
    """Store saved pages in the archive and index, exactly as a crawl would."""
    if urls and len(urls) != len(files):
        raise click.BadParameter(f"{len(files)} files but {len(urls)} --url values", param_hint="--url")
    pairs = list(zip(files, urls or [Path(f).resolve().as_uri() for f in files]))
    failures = 0
    with _archive(config) as archive:
        for path, url in pairs:
            profile = _profile_for(site, url)
            if profile:
                site_id = archive.ensure_site(profile.name, profile.province, profile.base_url)
            else:
                site_id = archive.ensure_site(site or urlsplit(url).hostname or "local")
            page = FetchedPage(url, Path(path).read_bytes())
            outcome = process_page(archive, site_id, page, profile.selectors if profile else None)
            failures += outcome.value == "failed"
            click.echo(f"{outcome.value:<10}{url}")
        SearchIndex(config.index_dir).sync(archive)
    if failures:
        click.echo(f"unionnews: error: {failures} of {len(pairs)} pages yielded no article (kept with their error)", err=True)
        sys.exit(1)


@main.command()
@click.option("--rebuild", is_flag=True, help="Recreate the index from the archive instead of updating it.")
@click.pass_obj
def index(config: Config, rebuild: bool) -> None:
    """Bring the search index up to date with the archive."""
    with _archive(config) as archive:
        ix = SearchIndex(config.index_dir)
        done = ix.rebuild(archive) if rebuild else ix.sync(archive)
        click.echo(f"indexed {done} articles; the index holds {ix.doc_count()}")


@main.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Hits per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page of hits.")
@click.option("--site", "sites", multiple=True, help="Only these sites (repeatable).")
@click.option("--province", help="Only this province (diacritics optional).")
@click.option("--author", help="Only articles by this author.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.pass_obj
def search(config: Config, query: str, as_json: bool, limit: int, page: int, sites: tuple[str, ...],
           province: str | None, author: str | None, date_from: Any, date_to: Any, sort: str) -> None:  # fmt: skip
    """Full-text search; diacritics, tone-mark style and damaged text do not matter."""
    request = SearchRequest(
        text=query, limit=limit, page=page, sites=sites, province=province, author=author,
        date_from=date_from.date() if date_from else None, date_to=date_to.date() if date_to else None, sort=sort,
    )  # fmt: skip
    results = SearchIndex(config.index_dir).search(request)
    if as_json:
        click.echo(json.dumps([hit_record(h) for h in results.hits], ensure_ascii=False, indent=2))
        return
    if not results.hits:
        click.echo(f"Không tìm thấy kết quả cho «{query}» (no results).")
        return
    click.echo(f"{results.total} kết quả (results) · trang {results.page}/{results.pages}\n")
    for rank, hit in enumerate(results.hits, start=(results.page - 1) * limit + 1):
        print_hit(rank, hit)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="File, or - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True)
@click.option("--site", "sites", multiple=True, help="Only these sites (repeatable).")
@click.pass_obj
def export(config: Config, output: str, fmt: str, sites: tuple[str, ...]) -> None:
    """Write cleaned articles as JSON Lines (one per line) or a JSON array."""
    with _archive(config) as archive, click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        count = write_records(iter_records(archive, sites), out, fmt)
    if output != "-":
        click.echo(f"exported {count} articles to {output}", err=True)


@main.command(name="demo-server")
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


@main.command()
@click.option("--query", default="cong doan", show_default=True, help="The search to show at the end.")
@click.pass_obj
def demo(config: Config, query: str) -> None:
    """Serve the demo sites, crawl them all into the archive, and show a search."""
    from crawler.sites.demo import DEMO_PROFILES
    from unionnews.crawl import run_crawl

    server, base_urls = _start_demo_server()
    try:
        click.echo(f"demo sites up: {', '.join(f'{n} {u}' for n, u in base_urls.items())}")
        reports = run_crawl(config, DEMO_PROFILES, base_urls)
    finally:
        server.stop()
    _print_reports(reports)
    with _archive(config) as archive:
        click.echo(f"\narchive {config.db_url} holds {archive.count_articles()} articles; index in {config.index_dir}\n")
    click.echo(f"$ unionnews search {query!r}\n")
    results = SearchIndex(config.index_dir).search(SearchRequest(query, limit=3))
    click.echo(f"{results.total} kết quả (results)\n")
    for rank, hit in enumerate(results.hits, start=1):
        print_hit(rank, hit)
