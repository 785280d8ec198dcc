"""`crawl`: running the spiders over the sites' profiles."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

import click

from archive.config import Config
from archive.runs import UNFINISHED, CrawlLedger, RunSummary
from crawler.sites import Profiles, SiteProfile
from unionnews.commands import open_archive, site_profiles
from unionnews.commands.status import run_record


def _parse_pairs(pairs: tuple[str, ...], option: str, check: str) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name or (check == "url" and not value.startswith(("http://", "https://"))):
            raise click.BadParameter(f"{pair!r} is not {'NAME=URL' if check == 'url' else 'NAME=VALUE'}",
                                     param_hint=option)  # fmt: skip
        mapping[name] = value
    return mapping


def _chosen(config: Config, names: list[str]) -> list[SiteProfile]:
    """The named sites; with none named, every real site (the demo sites are crawled only by name).

    A broken profile file fails the run when it is named, and is a warning line when it is not.
    """
    profiles: Profiles = site_profiles(config, warn=not names)
    return [profiles.get(name) for name in dict.fromkeys(names)] if names else profiles.real()


def print_reports(reports: Iterable[RunSummary]) -> None:
    click.echo(f"{'site':<16}{'status':<13}{'fetched':>8}{'new':>6}{'updated':>9}{'unchanged':>11}{'failed':>8}")
    failures = []
    for r in reports:
        click.echo(f"{r.site:<16}{r.status:<13}{r.fetched:>8}{r.new:>6}{r.updated:>9}{r.unchanged:>11}{r.failed:>8}")
        failures += [(r.site, reason, n) for reason, n in sorted(r.reasons.items(), key=lambda kv: -kv[1])]
    if failures:
        click.echo("\nfailures:")
        for site, reason, n in failures:
            click.echo(f"  {site:<16}{n:>5} × {reason}")


def _print_json(config: Config, reports: list[RunSummary]) -> None:
    with open_archive(config) as archive:
        ledger = CrawlLedger(archive)
        pending = {r.id: ledger.pending_count(r.id) for r in reports if r.id and r.status in UNFINISHED}
    click.echo(json.dumps([run_record(r, config, pending) for r in reports], ensure_ascii=False, indent=2))


@click.command()
@click.option("--site", "sites", multiple=True,
              help="Site profile to crawl (repeatable; default: every site but the demo sites).")
@click.option("--base-url", "base_urls", multiple=True, metavar="NAME=URL",
              help="Crawl site NAME at another address (and crawl it: it counts as naming it).")
@click.option("--resume", is_flag=True, help="Continue each site's interrupted crawl (killed, or stopped by Ctrl-C).")
@click.option("--refresh", is_flag=True, help="Also refetch archived articles (conditional GET where supported).")
@click.option("--depth", type=click.IntRange(0), metavar="N",
              help="Listing pages in a row with nothing new before the walk stops (0: all) [profile's; 2].")
@click.option("--warc", "warc_dir", type=click.Path(file_okay=False), help="Also write every page fetched to a WARC file in DIR.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting, as `scrapy -s`.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something went wrong (for cron).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as a JSON list of runs, as `status --json`.")
@click.pass_obj
def crawl(config: Config, sites: tuple[str, ...], base_urls: tuple[str, ...], resume: bool, refresh: bool,
          depth: int | None, warc_dir: str | None, settings: tuple[str, ...], verbose: bool,
          quiet: bool, as_json: bool) -> None:  # fmt: skip
    """Crawl sites into the archive (only what is new), then bring the search index up to date.

    A progress line shows on a terminal; under cron the command is silent apart from its report
    (or entirely, with --quiet) and exits 1 when a site was unreachable (every request failed).
    """
    addresses = _parse_pairs(base_urls, "--base-url", "url")
    profiles = _chosen(config, [*sites, *addresses])
    from unionnews.crawl import CrawlOptions, run_crawl

    options = CrawlOptions(
        resume=resume,
        refresh=refresh,
        depth=depth,
        settings={**_parse_pairs(settings, "-s", "setting"), **({"UNIONNEWS_WARC_DIR": warc_dir} if warc_dir else {})},
        # failures are in the report; Scrapy's warnings only add noise, and under --quiet so do its errors
        log_level="INFO" if verbose else "CRITICAL" if quiet else "ERROR",
        progress=sys.stderr.isatty() and not (verbose or quiet or as_json),
    )
    reports = run_crawl(config, profiles, addresses, options)
    broken = [r for r in reports if r.status == "unreachable"]
    if as_json:
        _print_json(config, reports)
    elif not quiet:
        print_reports(reports)
    else:  # cron mails whatever is printed: one line for each site that needs a look, and nothing else
        for r in reports:
            if r.status in ("unreachable", "moved"):
                reasons = ", ".join(f"{n} × {reason}" for reason, n in sorted(r.reasons.items(), key=lambda kv: -kv[1])[:3])
                click.echo(f"{r.site}: {r.status}: {reasons}")
    if broken:
        sys.exit(1)  # a site that answered nothing needs an operator's look

