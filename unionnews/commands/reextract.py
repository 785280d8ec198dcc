"""`reextract`: run the current cleaner over the stored raw pages, without fetching anything."""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import nullcontext

import click
from sqlalchemy import select

from archive.config import Config
from archive.ingest import process_page
from archive.models import RawPage, Site
from archive.store import FetchedPage
from crawler.sites import UnknownSite
from unionnews.commands import open_archive, site_profiles
from unionnews.indexing import open_engine, sync


@click.command()
@click.option("--site", "sites", multiple=True, help="Only these sites (repeatable).")
@click.option("--failed", "failed_only", is_flag=True, help="Only pages that yielded no article last time.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.pass_obj
def reextract(config: Config, sites: tuple[str, ...], failed_only: bool, as_json: bool) -> None:
    """Re-clean every stored page (after a cleaner or profile change) and update articles and index.

    Each page goes through the same path as a crawl, from the bytes the site served; articles whose
    text comes out the same are left alone. A page that no longer yields an article keeps its old
    article and is counted as failed.
    """
    counts: Counter[str] = Counter()
    with open_archive(config) as archive:
        query = select(RawPage.id, Site.id, Site.name).join(Site).where(RawPage.status < 300).order_by(RawPage.id)
        if sites:
            query = query.where(Site.name.in_(sites))
        if failed_only:
            query = query.where(RawPage.error.is_not(None))
        with archive.session() as session:
            todo = session.execute(query).all()
        profiles = site_profiles(config, warn=False)
        found = {}
        for _, _, name in todo:
            if name not in found:
                try:
                    found[name] = profiles.get(name)
                except UnknownSite:
                    found[name] = None  # a site without a profile any more: the generic rules
        bar = (
            click.progressbar(todo, label="re-extracting", file=sys.stderr, show_pos=True)
            if sys.stderr.isatty()
            else nullcontext(todo)  # quiet under cron and in pipes
        )
        with bar as pages:
            for raw_id, site_id, name in pages:
                with archive.session() as session:
                    raw = session.get_one(RawPage, raw_id)
                    page = FetchedPage(raw.fetched_url, archive.raw_body(raw), raw.status, raw.headers, raw.fetched_at,
                                       source=raw.source, captured_at=raw.captured_at, archived_copy=raw.archived_copy,
                                       captures=tuple(raw.captures or ()))  # its provenance stands  # fmt: skip
                    kept_as_page = raw.error is not None
                # the selectors of the layout the site had when the page was captured (valid_until)
                selectors = found[name].selectors_at(page.captured_at or page.fetched_at) if found[name] else None
                # A page kept without an article, of a site whose URLs do not tell articles apart (a listing
                # its crawl walked), must read as an article to become one, as in the crawl.
                confirm = kept_as_page and bool(found[name] and found[name].content_decides)
                counts[process_page(archive, site_id, page, selectors, require_article=confirm).value] += 1
        indexed = sync(open_engine(config), archive)
    if as_json:
        outcomes = {k.replace("-", "_"): counts[k] for k in ("new", "updated", "unchanged", "failed", "not-article")}
        click.echo(json.dumps({"pages": len(todo), **outcomes, "indexed": indexed}, indent=2))
        return
    click.echo(
        f"re-extracted {len(todo)} pages: {counts['new']} new articles, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['failed']} without an article"
        + (f", {counts['not-article']} not articles (listings and the like)" if counts["not-article"] else "")
        + f"; indexed {indexed}"
    )
