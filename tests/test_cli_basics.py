"""The command's own manners: its version, one-line usage errors, and quiet ends of closed pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import REPO, run_cli


def test_version_is_the_installed_distributions(tmp_path: Path) -> None:
    shown = run_cli("--version", home=tmp_path).stdout
    assert shown.strip() == f"unionnews {version('unionnews')}"


@pytest.mark.parametrize(
    "args",
    [["search", "cong doan", "--bogus"], ["--bogus"], ["no-such-command"], ["search", "x", "--limit", "0"], ["export", "--format", "xml"]],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run_cli(*args, home=tmp_path, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("unionnews: error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_help_is_still_help(tmp_path: Path) -> None:
    assert "Usage: unionnews search [OPTIONS] [QUERY]" in run_cli("search", "--help", home=tmp_path).stdout
    bare = run_cli(home=tmp_path, check=False)
    assert "Commands:" in bare.stdout + bare.stderr and "unionnews: error" not in bare.stderr


def test_a_closed_pipe_ends_the_command_quietly(crawled_home: Path) -> None:
    """`unionnews entities | head`, with the reader gone before the command writes a line."""
    env = {**os.environ, "UNIONNEWS_HOME": str(crawled_home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    command = [sys.executable, "-m", "unionnews", "entities"]
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=REPO)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.close()  # what head does once it has its lines
    errors = producer.stderr.read().decode()
    producer.wait(timeout=60)
    assert errors == "" and producer.returncode in (0, 1), errors
