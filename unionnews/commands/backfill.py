"""`backfill`: a site's articles from before its first crawl, from a web archive (the Wayback Machine by default)."""

from __future__ import annotations

from typing import Any

import click

from archive.config import Config
from crawler.lock import SiteLock
from crawler.wayback import WAYBACK
from unionnews.commands import open_archive, site_profiles
from unionnews.indexing import open_engine, sync

_DATE = click.DateTime(["%Y-%m-%d"])


@click.command()
@click.option("--site", required=True, help="The site's profile (see `unionnews sites`).")
@click.option("--from", "date_from", type=_DATE, help="Only captures on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", type=_DATE, help="Only captures on or before (YYYY-MM-DD).")
@click.option("--archive-url", default=WAYBACK, show_default=True, help="The Wayback Machine to ask (CDX API and id_ replay).")
@click.option("--rate", type=click.FloatRange(min=0.01, min_open=False), default=1.0, show_default=True,
              help="Requests per second to the web archive, all kinds together.")  # fmt: skip
@click.option("--resume", is_flag=True, help="Continue the site's interrupted backfill.")
@click.pass_obj
def backfill(config: Config, site: str, date_from: Any, date_to: Any, archive_url: str, rate: float,
             resume: bool) -> None:  # fmt: skip
    """Store the archived captures of a site's articles, as a crawl stores pages, with their provenance.

    Each article is stored once (the earliest capture the cleaner accepts), with every capture tried.
    Soft 404s, error captures and pages that are no article are skipped and counted with their reason.
    """
    from crawler.backfill import Backfill, BackfillOptions

    if date_from and date_to and date_from > date_to:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    profile = site_profiles(config).get(site)
    options = BackfillOptions(archive_url, rate, date_from.date() if date_from else None,
                              date_to.date() if date_to else None, resume)  # fmt: skip
    lock = SiteLock(config.home, profile.name)
    lock.acquire()
    try:
        with open_archive(config) as archive:
            run = Backfill(archive, profile, options)
            summary = run.run()
            sync(open_engine(config), archive)
    finally:
        lock.release()
    if run.learnt is not None:  # worth putting into the profile's [crawl] article
        click.echo(f"article URL shapes learnt from the captures ({len(run.learnt.rules)}):")
        for rule in run.learnt.rules:
            click.echo(f"  {rule}")
    click.echo(f"{summary.site}: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
               f"{summary.failed} failed ({summary.status}{', resumed' if summary.resumes else ''})")  # fmt: skip
    for reason, count in sorted(summary.reasons.items()):
        click.echo(f"  {count:>5}  {reason}")
