"""`crawl` and `sites`: running the spiders and knowing which sites there are."""

from __future__ import annotations

import sys
from typing import Any

import click

from crawler.sites import PROFILES, get_profile
from unionnews.config import Config


def _parse_base_urls(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{pair!r} is not NAME=URL", param_hint="--base-url")
        get_profile(name)
        mapping[name] = url
    return mapping


def print_reports(reports: list[Any]) -> None:
    click.echo(f"{'site':<16}{'status':<10}{'fetched':>8}{'new':>6}{'updated':>9}{'unchanged':>11}{'failed':>8}")
    for r in reports:
        click.echo(f"{r.site:<16}{r.status:<10}{r.fetched:>8}{r.new:>6}{r.updated:>9}{r.unchanged:>11}{r.failed:>8}")


@click.command()
@click.option("--site", "sites", multiple=True, help="Site profile to crawl (repeatable; default: every site).")
@click.option("--base-url", "base_urls", multiple=True, metavar="NAME=URL", help="Crawl site NAME at another address.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@click.pass_obj
def crawl(config: Config, sites: tuple[str, ...], base_urls: tuple[str, ...], verbose: bool) -> None:
    """Crawl sites into the archive, then bring the search index up to date."""
    profiles = [get_profile(name) for name in sites] if sites else list(PROFILES.values())
    from unionnews.crawl import run_crawl

    reports = run_crawl(config, profiles, _parse_base_urls(base_urls), "INFO" if verbose else "WARNING")
    print_reports(reports)
    if any(r.fetched == 0 and r.failed for r in reports):
        sys.exit(1)  # a site that yielded nothing but failures needs an operator's look


@click.command()
def sites() -> None:
    """List the site profiles."""
    for profile in PROFILES.values():
        click.echo(f"{profile.name:<16}{profile.province:<16}{profile.family:<10}{profile.base_url}")
