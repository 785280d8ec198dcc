"""`unionnews schedule`: cron lines that run for real, systemd units that systemd accepts, crontab installs."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from unionnews.schedule import MARK, Interval


def _entry(output: str) -> tuple[str, str]:
    """(the five schedule fields, the command) of a printed crontab entry."""
    marker, line = output.splitlines()
    assert marker.startswith(MARK)
    fields = line.split(maxsplit=5)
    return " ".join(fields[:5]), fields[5]


@pytest.mark.parametrize(
    ("every", "at", "cron", "calendar"),
    [
        ("30m", "02:07", "*/30 * * * *", "*-*-* *:00/30:00"),
        ("6h", "02:07", "7 */6 * * *", "*-*-* 00/6:07:00"),
        ("1h", "04:45", "45 * * * *", "*-*-* 00/1:45:00"),
        ("1d", "03:30", "30 3 * * *", "*-*-* 03:30:00"),
        ("2d", "23:05", "5 23 */2 * *", "*-*-01/2 23:05:00"),
    ],
)
def test_intervals_as_cron_fields_and_calendar_specs_systemd_accepts(every: str, at: str, cron: str,
                                                                      calendar: str) -> None:  # fmt: skip
    interval = Interval.parse(every, at)
    assert interval.cron() == cron
    assert interval.on_calendar() == calendar
    checked = subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_uneven_interval_is_one_clear_error(tmp_path: Path) -> None:
    result = run_cli("schedule", "--every", "7m", home=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("unionnews: error: --every '7m'") and len(result.stderr.splitlines()) == 1


def test_printed_cron_line_runs_a_quiet_incremental_crawl(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    printed = run_cli("schedule", "--every", "6h", "--site", "demo-table", "--base-url",
                      f"demo-table={demo_urls['demo-table']}", "-s", "AUTOTHROTTLE_ENABLED=0", home=tmp_path).stdout  # fmt: skip
    fields, command = _entry(printed)
    assert fields == "7 */6 * * *"
    assert "crawl --resume --quiet --site demo-table" in command
    assert not (tmp_path / "logs").exists()  # the line itself makes the log's folder
    for _ in range(2):  # what cron would run, twice: the second run finds nothing new
        ran = subprocess.run(["/bin/sh", "-c", command.replace("\\%", "%")], capture_output=True, text=True,
                             cwd="/", env={"PATH": "/usr/bin:/bin"})  # fmt: skip
        assert ran.returncode == 0, ran.stderr
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 7
    assert db.execute("SELECT new FROM crawl_runs ORDER BY id").fetchall() == [(7,), (0,)]
    assert (tmp_path / "logs" / "crawl.log").read_text() == ""  # quiet: nothing went wrong


def test_database_from_the_environment_is_kept_in_the_scheduled_command(tmp_path: Path) -> None:
    """Cron's bare environment has no UNIONNEWS_DB: the printed command must name the database itself."""
    url = f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"
    env = {**os.environ, "UNIONNEWS_HOME": str(tmp_path), "UNIONNEWS_DB": url}
    for args in (["schedule"], ["schedule", "--systemd"]):
        printed = subprocess.run([sys.executable, "-m", "unionnews", *args], capture_output=True, text=True, env=env,
                                 check=True).stdout  # fmt: skip
        assert f"--db {url}" in printed, printed
    default = run_cli("schedule", home=tmp_path).stdout
    assert "--db" not in default  # the default SQLite file of the data directory needs no flag


def test_systemd_units_install_and_verify(tmp_path: Path) -> None:
    units = tmp_path / "units"
    result = run_cli("schedule", "--systemd", "--every", "1d", "--at", "03:30", "--install", "--unit-dir", str(units),
                     home=tmp_path / "home")  # fmt: skip
    assert "systemctl --user enable --now unionnews-crawl.timer" in result.stdout
    service, timer = units / "unionnews-crawl.service", units / "unionnews-crawl.timer"
    assert "OnCalendar=*-*-* 03:30:00" in timer.read_text()
    exec_start = next(line for line in service.read_text().splitlines() if line.startswith("ExecStart="))
    assert shlex.split(exec_start.removeprefix("ExecStart="))[-3:] == ["crawl", "--resume", "--quiet"]
    verified = subprocess.run(["systemd-analyze", "verify", str(service), str(timer)], capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr


@pytest.fixture
def crontab() -> Iterator[str]:
    """The user's real crontab, put back as it was afterwards."""
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    original = listed.stdout if listed.returncode == 0 else None
    yield original or ""
    if original is None:
        subprocess.run(["crontab", "-r"], capture_output=True)
    else:
        subprocess.run(["crontab", "-"], input=original, text=True, check=True)


def test_install_replace_and_remove_in_the_real_crontab(tmp_path: Path, crontab: str) -> None:
    foreign = "17 4 * * * /usr/bin/true  # someone else's job\n"
    subprocess.run(["crontab", "-"], input=crontab + foreign, text=True, check=True)

    def current() -> str:
        return subprocess.run(["crontab", "-l"], capture_output=True, text=True, check=True).stdout

    run_cli("schedule", "--every", "30m", "--install", home=tmp_path)
    run_cli("schedule", "--every", "2h", "--install", home=tmp_path)  # replaces, never duplicates
    table = current()
    ours = [line for line in table.splitlines() if f"--data-dir {tmp_path} crawl" in line]
    assert len(ours) == 1 and ours[0].startswith("7 */2 * * * ")
    assert foreign in table and (tmp_path / "logs").is_dir()
    assert "removed" in run_cli("schedule", "--remove", home=tmp_path).stdout
    table = current()
    assert str(tmp_path) not in table and foreign in table  # ours gone, everything else as it was
