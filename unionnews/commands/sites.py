"""`sites`: the site profiles, where each one stands after the 2025 reorganisation, and its last crawl.

`sites` is a group that lists when called bare, so commands that manage profiles (`sites add`) join
it as subcommands from their own modules: name them in `_SUBCOMMANDS`.
"""

from __future__ import annotations

import importlib
import json

import click

from archive.config import Config
from archive.runs import CrawlLedger, RunSummary
from crawler.sites import SiteProfile
from unionnews.commands import open_archive, site_profiles
from vnlang.dates import local_datetime

_SUBCOMMANDS: dict[str, str] = {"add": "unionnews.commands.sites_add:add"}  # name → "module:attribute"


class SitesGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_SUBCOMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _SUBCOMMANDS:
            module, attribute = _SUBCOMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


def province_line(profile: SiteProfile) -> str:
    """ "Bắc Kạn → Thái Nguyên"; "Cần Thơ (+ Sóc Trăng, Hậu Giang)" when others merged into it; "Lạng Sơn"
    when unchanged; "—" for national bodies."""
    old, new = profile.province, profile.province_after_2025
    if not old and not new:
        return "—"
    if new and new != old:
        return f"{old or '—'} → {new}"
    joined = [p for p in profile.merged_from if p != old]
    return f"{old} (+ {', '.join(joined)})" if joined else old


def _record(profile: SiteProfile, run: RunSummary | None) -> dict[str, object]:
    return {
        "key": profile.name, "name": profile.title, "level": profile.level, "province": profile.province,
        "province_after_2025": profile.province_after_2025, "merged_from": list(profile.merged_from),
        "home": profile.home, "family": profile.family or None, "evidence": profile.evidence,
        "evidence_url": profile.evidence_url or None, "notes": profile.notes or None,
        "last_crawl": None if run is None else {
            "started": run.started_at.isoformat(), "status": run.status, "new": run.new, "failed": run.failed,
        },
    }  # fmt: skip


@click.group(cls=SitesGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the profiles as a JSON list.")
@click.pass_context
def sites(ctx: click.Context, as_json: bool) -> None:
    """List the site profiles: province (before → after 1 July 2025), level, evidence and last crawl."""
    if ctx.invoked_subcommand is not None:
        return
    config: Config = ctx.obj
    profiles = site_profiles(config)
    with open_archive(config) as archive:
        last = {run.site: run for run in CrawlLedger(archive).summaries(per_site=1)}
    if as_json:
        click.echo(json.dumps([_record(p, last.get(p.name)) for p in profiles], ensure_ascii=False, indent=2))
        return
    click.echo(f"{'site':<22}{'level':<11}{'province (→ after 1 July 2025)':<44}{'evidence':<25}last crawl")
    for p in profiles:
        run = last.get(p.name)
        when = f"{local_datetime(run.started_at)} {run.status}" if run else "never"
        click.echo(f"{p.name:<22}{p.level:<11}{province_line(p):<44}{p.evidence:<25}{when}")
