"""Scheduled crawls: an interval as a cron line or a systemd timer, and installing either.

The scheduled command is `unionnews crawl --resume --quiet`: a run that was killed (reboot, OOM)
is finished by the next one instead of being abandoned, a run that finds another still going exits
at once (the site lock), and the log only collects what went wrong; `unionnews status` has the rest.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from archive.config import Config, default_db_url

MARK = "# unionnews schedule:"  # the comment line above each installed crontab entry
UNIT = "unionnews-crawl"
_INTERVAL = re.compile(r"^(\d+)\s*(m|min|h|d)$")
_AT = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Interval:
    amount: int
    unit: str  # m | h | d
    hour: int = 2  # when daily runs start, and the minute every run starts at: the sites' quiet hours
    minute: int = 7

    @classmethod
    def parse(cls, every: str, at: str = "02:07") -> Interval:
        match, time = _INTERVAL.match(every.strip().lower()), _AT.match(at.strip())
        if not match:
            raise ValueError(f"--every {every!r}: write it as 30m, 6h or 1d")
        if not time:
            raise ValueError(f"--at {at!r}: write it as HH:MM")
        amount, unit = int(match[1]), match[2][0]
        limits = {"m": 60, "h": 24}
        if amount < 1 or (unit in limits and limits[unit] % amount) or (unit == "m" and amount < 5):
            allowed = {"m": "5m, 10m, 15m, 20m or 30m", "h": "1h, 2h, 3h, 4h, 6h, 8h or 12h", "d": "1d or more"}[unit]
            raise ValueError(f"--every {every!r}: cron and systemd repeat evenly only every {allowed}")
        return cls(amount, unit, int(time[1]), int(time[2]))

    def cron(self) -> str:
        if self.unit == "m":
            return f"*/{self.amount} * * * *"
        if self.unit == "h":
            return f"{self.minute} {'*' if self.amount == 1 else f'*/{self.amount}'} * * *"
        return f"{self.minute} {self.hour} {'*' if self.amount == 1 else f'*/{self.amount}'} * *"

    def on_calendar(self) -> str:
        if self.unit == "m":
            return f"*-*-* *:00/{self.amount}:00"
        if self.unit == "h":
            return f"*-*-* 00/{self.amount}:{self.minute:02d}:00"
        day = "*" if self.amount == 1 else f"01/{self.amount}"
        return f"*-*-{day} {self.hour:02d}:{self.minute:02d}:00"

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def crawl_command(config: Config, crawl_args: list[str]) -> list[str]:
    """The scheduled command, with everything cron's bare environment would not give it.

    The database is named unless it is the data directory's own SQLite file: one that came from
    UNIONNEWS_DB would otherwise be lost, since cron and systemd do not pass the user's environment.
    """
    command = [sys.executable, "-m", "unionnews", "--data-dir", str(config.home)]
    if config.db_url != default_db_url(config.home):
        command += ["--db", config.db_url]
    return [*command, "crawl", "--resume", "--quiet", *crawl_args]


def log_file(config: Config) -> Path:
    return config.home / "logs" / "crawl.log"


def cron_entry(config: Config, interval: Interval, crawl_args: list[str]) -> str:
    """Two crontab lines: the marker naming the data directory, then the entry.

    The entry makes the log's folder itself, so that a printed line pasted into a crontab works too.
    """
    log = log_file(config)
    command = f"mkdir -p {shlex.quote(str(log.parent))} && {shlex.join(crawl_command(config, crawl_args))}"
    command += f" >> {shlex.quote(str(log))} 2>&1"
    command = command.replace("%", "\\%")  # cron reads a bare % as a newline
    return f"{MARK} crawl of {config.home} every {interval}\n{interval.cron()} {command}\n"


def systemd_units(config: Config, interval: Interval, crawl_args: list[str]) -> dict[str, str]:
    service = (
        "[Unit]\n"
        f"Description=unionnews: crawl the union news sites into {config.home}\n"
        "Wants=network-online.target\nAfter=network-online.target\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={shlex.join(crawl_command(config, crawl_args))}\n"
        "Nice=10\n"
        f"StandardOutput=append:{log_file(config)}\nStandardError=append:{log_file(config)}\n"
    )
    timer = (
        "[Unit]\n"
        f"Description=unionnews: crawl every {interval}\n\n"
        "[Timer]\n"
        f"OnCalendar={interval.on_calendar()}\n"
        "Persistent=true\n"  # a run missed while the machine was off happens at the next boot
        "RandomizedDelaySec=60\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def _without_entry(crontab: str, home: Path) -> str:
    """The crontab minus this data directory's entry (its marker line and the line after it)."""
    lines, kept, skip = crontab.splitlines(keepends=True), [], False
    for line in lines:
        if skip:
            skip = False
            continue
        if line.startswith(f"{MARK} crawl of {home} "):
            skip = True
            continue
        kept.append(line)
    return "".join(kept)


def _crontab() -> str:
    try:
        listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    except FileNotFoundError:
        raise OSError("no `crontab` command here: install cron, or use --systemd") from None
    if listed.returncode != 0 and "no crontab" not in listed.stderr:
        raise OSError(f"crontab -l failed: {listed.stderr.strip()}")
    return listed.stdout if listed.returncode == 0 else ""


def _write_crontab(text: str) -> None:
    written = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True)
    if written.returncode != 0:
        raise OSError(f"crontab refused the new table: {written.stderr.strip()}")


def install_cron(config: Config, entry: str) -> None:
    """Add (or replace) this data directory's entry in the user's crontab, leaving every other line alone."""
    log_file(config).parent.mkdir(parents=True, exist_ok=True)
    _write_crontab(_without_entry(_crontab(), config.home) + entry)


def remove_cron(config: Config) -> bool:
    current = _crontab()
    kept = _without_entry(current, config.home)
    if kept != current:
        _write_crontab(kept)
    return kept != current


def install_systemd(config: Config, units: dict[str, str], directory: Path) -> list[Path]:
    log_file(config).parent.mkdir(parents=True, exist_ok=True)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in units.items():
        (directory / name).write_text(text)
        paths.append(directory / name)
    return paths
