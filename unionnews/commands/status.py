"""`status`: the last crawl runs of every site, from the archive's run reports.

After the 1 July 2025 reorganisation some federation sites redirect to another host and others froze.
Neither is a plain failure: `status` says where a site moved (its start page's redirect, recorded by
the crawl) or since when it has published nothing, and where its merged province's federation is.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import click
from sqlalchemy import func, select

from archive.config import Config
from archive.models import Article, Site, utcnow
from archive.runs import UNFINISHED, CrawlLedger, RunSummary
from archive.store import Archive
from crawler.failures import moved_to
from crawler.lock import SiteLock
from crawler.sites import Profiles, SiteProfile
from unionnews.commands import open_archive, site_profiles
from vnlang.dates import VIETNAM

DORMANT_AFTER = timedelta(days=180)  # no article published for this long: the site has gone quiet


def _when(moment: datetime | None) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def _duration(run: RunSummary) -> str:
    if not run.finished_at:
        return ""
    seconds = int((run.finished_at - run.started_at).total_seconds())
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


def _status(run: RunSummary, config: Config) -> str:
    """A run still marked running whose site nobody holds the lock of was killed: say so."""
    if run.status == "running" and not SiteLock(config.home, run.site).is_held_elsewhere():
        return "interrupted"
    return run.status


def _newest_articles(archive: Archive) -> dict[str, datetime]:
    with archive.session() as session:
        query = select(Site.name, func.max(Article.published)).join(Article, Article.site_id == Site.id).group_by(Site.name)
        return {name: newest for name, newest in session.execute(query) if newest is not None}


def _successor(profile: SiteProfile | None, profiles: Profiles) -> SiteProfile | None:
    """The federation site of the province this site's province merged into, when there is one."""
    if profile is None or not profile.province or profile.province_after_2025 in ("", profile.province):
        return None
    unit = profile.province_after_2025
    return next((p for p in profiles.real() if p.level == "province" and p.province == unit and p is not profile), None)


def site_notes(run: RunSummary, newest: datetime | None, profile: SiteProfile | None, profiles: Profiles) -> dict:
    """What the last run and the archive say about a site beyond its counts: moved, or gone quiet."""
    notes: dict = {"moved_to": moved_to(run.reasons) if run.status == "moved" else None, "last_article": None}
    if newest is not None and utcnow() - newest > DORMANT_AFTER:
        notes["last_article"] = newest.astimezone(VIETNAM).date().isoformat()
    if (notes["moved_to"] or notes["last_article"]) and (successor := _successor(profile, profiles)):
        notes["province_now"] = {"province": successor.province, "site": successor.name, "home": successor.home}
    return notes


def _note_lines(notes: dict, profile: SiteProfile | None) -> list[str]:
    lines = []
    if notes["moved_to"]:
        lines.append(f"moved: its start page now redirects to {notes['moved_to']} (update the profile's home)")
    if notes["last_article"]:
        months = (utcnow().date() - datetime.fromisoformat(notes["last_article"]).date()).days // 30
        lines.append(f"quiet: no article published since {notes['last_article']} ({months} months)")
    if successor := notes.get("province_now"):
        lines.append(f"{profile.province if profile else ''} is part of {successor['province']} since 1 July 2025; "
                     f"its federation's site: {successor['site']} ({successor['home']})")  # fmt: skip
    return lines


def run_record(r: RunSummary, config: Config, pending: dict[int, int]) -> dict[str, object]:
    """A run as `status --json` and `crawl --json` print it; times are ISO 8601 in Vietnam time."""
    return {
        "id": r.id, "site": r.site, "status": _status(r, config), "mode": r.mode,
        "started": r.started_at.astimezone(VIETNAM).isoformat() if r.started_at else None,
        "finished": r.finished_at.astimezone(VIETNAM).isoformat() if r.finished_at else None,
        "fetched": r.fetched, "new": r.new, "updated": r.updated, "unchanged": r.unchanged,
        "not_modified": r.not_modified, "failed": r.failed, "reasons": r.reasons, "resumes": r.resumes,
        "pending": pending.get(r.id, 0),
    }  # fmt: skip


@click.command()
@click.option("--site", help="Only this site.")
@click.option("--runs", "per_site", default=3, show_default=True, type=click.IntRange(1), help="Runs per site.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as a JSON list.")
@click.pass_obj
def status(config: Config, site: str | None, per_site: int, as_json: bool) -> None:
    """Show the last crawl runs per site: when, how long, fetched/new/updated/failed, and why runs failed."""
    with open_archive(config, existing=True) as archive:
        ledger = CrawlLedger(archive)
        runs = ledger.summaries(per_site=per_site, site=site)
        pending = {r.id: ledger.pending_count(r.id) for r in runs if r.status in UNFINISHED}
        newest = _newest_articles(archive)
    profiles = site_profiles(config, warn=False)
    notes = {}
    for r in runs:  # newest first within each site: the last run speaks for the site
        if r.site not in notes:
            notes[r.site] = site_notes(r, newest.get(r.site), profiles.by_name.get(r.site), profiles)
    if as_json:
        records = [{**run_record(r, config, pending), **notes[r.site]} for r in runs]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if not runs:
        click.echo("no crawl runs yet" + (f" for {site}" if site else "") + "; start one with `unionnews crawl`")
        return
    click.echo("times in Vietnam time (UTC+07:00)")
    current = None
    for r in runs:
        if r.site != current:
            current = r.site
            click.echo(click.style(r.site, bold=True))
            for line in _note_lines(notes[r.site], profiles.by_name.get(r.site)):
                click.echo(f"  {line}")
        state = _status(r, config)
        line = (
            f"  #{r.id:<5} {state:<12} {_when(r.started_at)}  {_duration(r):>7}  {r.mode or '':<11}"
            f" fetched {r.fetched:>5}  new {r.new:>5}  updated {r.updated:>4}  unchanged {r.unchanged:>4}"
            f"  failed {r.failed:>4}"
        )
        click.echo(line + (f"  not modified {r.not_modified}" if r.not_modified else ""))
        if r.resumes:
            click.echo(f"         resumed {r.resumes}×")
        if r.id in pending:
            click.echo(f"         {pending[r.id]} requests left: `unionnews crawl --site {r.site} --resume` finishes it")
        for reason, n in sorted(r.reasons.items(), key=lambda kv: -kv[1])[:8]:
            click.echo(f"         {n:>4} × {reason}")
