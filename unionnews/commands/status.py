"""`status`: the last crawl runs of every site, from the archive's run reports."""

from __future__ import annotations

import json
from datetime import datetime

import click

from archive.config import Config
from archive.runs import UNFINISHED, CrawlLedger, RunSummary
from crawler.lock import SiteLock
from unionnews.commands import open_archive
from vnlang.dates import VIETNAM


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


@click.command()
@click.option("--site", help="Only this site.")
@click.option("--runs", "per_site", default=3, show_default=True, type=click.IntRange(1), help="Runs per site.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as a JSON list.")
@click.pass_obj
def status(config: Config, site: str | None, per_site: int, as_json: bool) -> None:
    """Show the last crawl runs per site: when, how long, fetched/new/updated/failed, and why runs failed."""
    with open_archive(config) as archive:
        ledger = CrawlLedger(archive)
        runs = ledger.summaries(per_site=per_site, site=site)
        pending = {r.id: ledger.pending_count(r.id) for r in runs if r.status in UNFINISHED}
    if as_json:
        records = [
            {
                "id": r.id, "site": r.site, "status": _status(r, config), "mode": r.mode,
                "started": _when(r.started_at), "finished": _when(r.finished_at) if r.finished_at else None,
                "fetched": r.fetched, "new": r.new, "updated": r.updated, "unchanged": r.unchanged,
                "not_modified": r.not_modified, "failed": r.failed, "reasons": r.reasons, "resumes": r.resumes,
                "pending": pending.get(r.id, 0),
            }
            for r in runs
        ]  # fmt: skip
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
