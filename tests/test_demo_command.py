"""`unionnews demo`, the README's first command: the whole pipeline over the bundled sites, as a newcomer sees it."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from conftest import run_cli


def test_demo_crawls_every_site_and_ends_with_a_search(tmp_path: Path) -> None:
    demo = run_cli("demo", home=tmp_path)
    table = {line.split()[0]: line.split()[1:] for line in demo.stdout.splitlines() if line.startswith("demo-")}
    assert sorted(table) == ["demo-html5", "demo-joomla", "demo-portal", "demo-table"]
    assert all(row[:3] == ["finished", "7", "7"] for row in table.values()), table
    assert "holds 28 articles" in demo.stdout
    assert re.search(r"^(\d+) kết quả \(results\)$", demo.stdout, re.MULTILINE)
    assert "Mái ấm công đoàn" in demo.stdout  # the top hits of `cong doan`, found without its diacritics
    # the output is the table and the search: no log lines, and only the one note when the ports are taken
    assert demo.stderr in ("", "ports 8471-8474 are busy: serving the demo sites on free ports\n"), demo.stderr
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 28
