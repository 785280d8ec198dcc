"""`sites add KEY URL`: probe a site never seen before and write its profile, with no code.

The probe (crawler/discovery) does the work; this command chooses the key's file, prints what the
probe found so the operator can judge the profile before crawling with it, and saves it through the
profiles' own writer (crawler/sites/files.py), which refuses a profile that would not load back.
With --no-probe nothing is fetched: the profile names the site by its home page only, for a site that
has gone away and is read from web archives (`backfill` learns its article shapes from their captures).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

import click

from archive.config import Config
from cleaner.selectors import Selectors
from crawler.discovery.fetch import ProbeError
from crawler.discovery.probe import ProbeReport, probe_site
from crawler.sites import CrawlRules, SiteProfile, load_profiles, profiles_dir, save_profile

_SHOWN = 5  # sample titles, listing pages and groups printed


def _profile(key: str, report: ProbeReport, base: SiteProfile | None, name: str | None, province: str | None,
             delay: float) -> SiteProfile:  # fmt: skip
    """The probed rules under the site's identity: the one given, else what an earlier profile said."""
    sample = next(iter(report.samples), None)
    crawl = CrawlRules(
        start=tuple(report.start), article=tuple(report.article), listing=tuple(report.listing),
        sections=tuple(report.sections) or (base.crawl.sections if base else ()),
        exclude=tuple(report.exclude), canonical_params=tuple(report.canonical_params),
        sitemaps=tuple(report.sitemaps), feeds=tuple(report.feeds), confirm=report.confirm,
    )  # fmt: skip
    fields = {
        "name": key,
        "title": name or (base.title if base else "") or report.site_name,
        "province": province if province is not None else (base.province if base else ""),
        "home": report.home,
        "family": report.family.key if report.family else (base.family if base else ""),
        "download_delay": delay,
        "crawl": crawl,
        "selector_sets": (Selectors(body=report.body),) if report.body else (base.selector_sets if base else ()),
        "evidence": "article page seen" if sample else (base.evidence if base else "unverified"),
        "evidence_url": sample.url if sample else (base.evidence_url if base else ""),
    }
    if base is None:
        return SiteProfile(**fields)
    mirrors = base.mirrors if report.home == base.home else tuple(dict.fromkeys((*base.mirrors, base.home)))
    return replace(base, mirrors=mirrors, **{k: v for k, v in fields.items() if k != "name"})


def _show(report: ProbeReport) -> None:
    family = f"{report.family.name}" if report.family else "no known CMS family"
    generator = f", generator {report.generator!r}" if report.generator else ""
    click.echo(f"probed {report.home} ({family}{generator})")
    click.echo(f"  {report.requests} requests in {report.seconds:.1f} s")
    click.echo(f"listing pages ({len(report.start)}): {'  '.join(report.start[:_SHOWN])}"
               + (" …" if len(report.start) > _SHOWN else ""))  # fmt: skip
    for url in report.next_pages:
        click.echo(f"  pagination: {url}")
    groups = [c for c in report.clusters if c.samples]
    click.echo(f"article candidates: {len(report.candidates)}")
    for cluster in groups[: _SHOWN * 2]:
        good = len(cluster.accepted)
        verdict = "articles" if cluster.confirmed else "not articles"
        reasons = sorted({s.reason for s in cluster.judged if s.reason})
        why = f" ({reasons[0]})" if reasons and not cluster.confirmed else ""
        aliases = len(cluster.samples) - len(cluster.judged)
        why += f" ({aliases} declared another address canonical)" if aliases else ""
        click.echo(f"  {verdict:<13}{good}/{len(cluster.judged)} read as articles, {len(cluster.urls):>4} links  "
                   f"{cluster.shape}{why}")  # fmt: skip
    if report.samples:
        click.echo("sample:")
        for sample in report.samples[:_SHOWN]:
            click.echo(f"  {(sample.published or 'no date')[:16].replace('T', ' '):<17} {sample.title}")
    else:
        click.echo("no page read as an article: the crawl will walk the site and let each page's content decide")
    click.echo("rules:")
    for field, value in report.crawl_table().items():
        for item in value if isinstance(value, list) else [value]:
            click.echo(f"  {field:<17}{item}")
    for read, canonical in report.aliases[:_SHOWN]:
        click.echo(f"  (canonical)      {read} → {canonical}")
    for url in report.print_views:
        click.echo(f"  (print view)     {url}")
    if report.body:
        click.echo(
            f"  selectors.body   {report.body}  ({report.family.name if report.family else ''} preset, "
            "same text as the generic rules on every article read)"
        )


@click.command("add")
@click.argument("key")
@click.argument("url", required=False)
@click.option("--name", help="The site's Vietnamese name [default: the home page's title].")
@click.option("--province", help="Its province (before 1 July 2025).")
@click.option(
    "--delay",
    type=click.FloatRange(0),
    help="Seconds between requests, for the probe and in the profile [default: the profile's, else 1].",
)
@click.option("--update", is_flag=True, help="Probe KEY's site again (at URL, or its profile's home page).")
@click.option("--dry-run", is_flag=True, help="Print what the probe found; save nothing.")
@click.option("--no-probe", is_flag=True,
              help="Fetch nothing: a profile with only the home page (a site gone away, for `backfill`).")  # fmt: skip
@click.pass_obj
def add(config: Config, key: str, url: str | None, name: str | None, province: str | None, delay: float | None,
        update: bool, dry_run: bool, no_probe: bool) -> None:  # fmt: skip
    """Probe the site at URL and write its profile to $UNIONNEWS_HOME/sites/KEY.toml.

    robots.txt is obeyed and requests go one at a time, --delay apart. The probe reads the home page,
    its menus' listing pages and their next pages, opens a few pages of each group of links to see
    which are articles, and prints what it found.
    """
    profiles = load_profiles(config.home)
    base = profiles.get(key) if update else None
    if not update and key in profiles:
        raise click.ClickException(f"site {key!r} already has a profile; `sites add --update {key}` probes it again")
    url = url or (base.home if base else None)
    if not url:
        raise click.ClickException("which site? give its home page URL")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise click.ClickException(f"{url!r} is not an http(s) URL")
    if delay is None:
        delay = base.download_delay if base else 1.0
    if no_probe:
        if update:
            raise click.UsageError("--no-probe writes a new profile; --update probes an existing one")
        profile = SiteProfile(name=key, title=name or "", province=province or "", home=url, download_delay=delay)
        click.echo(f"not probed: {url} (no article URL shapes; `backfill` learns them from the captures)")
        if not dry_run:
            click.echo(f"saved {save_profile(profile, profiles_dir(config.home))}")
        return
    try:
        report = probe_site(url, delay)
    except ProbeError as exc:
        raise click.ClickException(str(exc)) from None
    profile = _profile(key, report, base, name, province, delay)
    _show(report)
    if dry_run:
        click.echo("dry run: nothing saved")
        return
    path = save_profile(profile, profiles_dir(config.home))
    click.echo(f"saved {path}")
