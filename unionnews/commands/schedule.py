"""`schedule`: run crawls on a timer, through cron or systemd."""

from __future__ import annotations

from pathlib import Path

import click

from archive.config import Config
from unionnews.commands import site_profiles
from unionnews.schedule import (
    Interval,
    cron_entry,
    install_cron,
    install_systemd,
    remove_cron,
    systemd_units,
)


def _crawl_args(config: Config, sites: tuple[str, ...], base_urls: tuple[str, ...],
                settings: tuple[str, ...]) -> list[str]:  # fmt: skip
    args = []
    profiles = site_profiles(config, warn=False)
    for name in sites:
        profiles.get(name)
        args += ["--site", name]
    for pair in base_urls:
        args += ["--base-url", pair]
    for pair in settings:
        args += ["-s", pair]
    return args


@click.command()
@click.option("--every", default="6h", show_default=True, help="Interval: 5m…30m, 1h…12h (dividing a day), or Nd.")
@click.option("--at", "at", default="02:07", show_default=True,
              help="Time of day of daily runs; its minute also starts hourly ones.")
@click.option("--systemd", is_flag=True, help="A systemd timer and service instead of a cron line.")
@click.option("--install", is_flag=True, help="Install it: into your crontab, or as user units (see --unit-dir).")
@click.option("--remove", is_flag=True, help="Remove this data directory's entry from your crontab.")
@click.option("--unit-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where --install --systemd writes the units [~/.config/systemd/user].")
@click.option("--site", "sites", multiple=True, help="Crawl only these sites (repeatable; default: every site but the demo sites).")
@click.option("--base-url", "base_urls", multiple=True, metavar="NAME=URL", help="As for `crawl`.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting, as for `crawl`.")
@click.pass_obj
def schedule(config: Config, every: str, at: str, systemd: bool, install: bool, remove: bool, unit_dir: Path | None,
             sites: tuple[str, ...], base_urls: tuple[str, ...], settings: tuple[str, ...]) -> None:  # fmt: skip
    """Print (or install) a cron line or systemd timer that runs `unionnews crawl --resume --quiet`.

    Each run adds what is new, finishes a run that was killed, skips sites another run is still
    crawling, and appends only problems to DATA_DIR/logs/crawl.log; `unionnews status` shows the runs.
    """
    if remove:
        found = remove_cron(config)
        click.echo(f"removed the crawl of {config.home} from your crontab" if found else "no entry to remove")
        return
    interval = Interval.parse(every, at)
    args = _crawl_args(config, sites, base_urls, settings)
    if systemd:
        units = systemd_units(config, interval, args)
        if not install:
            for name, text in units.items():
                click.echo(f"# {name}\n{text}")
            return
        paths = install_systemd(config, units, unit_dir or Path.home() / ".config" / "systemd" / "user")
        click.echo("wrote " + ", ".join(str(p) for p in paths))
        click.echo("enable it with: systemctl --user daemon-reload && systemctl --user enable --now unionnews-crawl.timer")
        click.echo("(and `loginctl enable-linger` so it runs while you are logged out)")
        return
    entry = cron_entry(config, interval, args)
    if not install:
        click.echo(entry, nl=False)
        return
    install_cron(config, entry)
    click.echo(f"installed in your crontab (every {interval}):\n{entry}", nl=False)
