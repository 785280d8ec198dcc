"""`unionnews entities`: the archive's people, organisations and places by how many articles name them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli


def test_entities_lists_people_with_counts_and_places_with_both_provinces(crawled_home: Path) -> None:
    people = json.loads(run_cli("entities", "--type", "person", "--json", "--limit", "100", home=crawled_home).stdout)
    by_name = {p["name"]: p["articles"] for p in people}
    assert by_name["Bế Thị Hòa"] >= 2  # named in several Lạng Sơn articles
    assert [p["articles"] for p in people] == sorted((p["articles"] for p in people), reverse=True)
    places = json.loads(run_cli("entities", "--type", "place", "--name", "bac kan", "--json", home=crawled_home).stdout)
    assert {"name": "Bắc Kạn", "province_new": "Thái Nguyên"}.items() <= places[0].items()


def test_org_filter_accepts_the_abbreviated_name(crawled_home: Path) -> None:
    """Researchers type "LĐLĐ tỉnh Bắc Kạn"; the archive holds it as "Liên đoàn Lao động tỉnh Bắc Kạn"."""
    short = run_cli("search", "công đoàn", "--org", "LĐLĐ tỉnh Bắc Kạn", "--json", "--limit", "50", home=crawled_home)
    full = run_cli("search", "công đoàn", "--org", "Liên đoàn Lao động tỉnh Bắc Kạn", "--json", "--limit", "50",
                   home=crawled_home)  # fmt: skip
    hits = json.loads(short.stdout)
    assert hits and hits == json.loads(full.stdout)
    assert {h["site"] for h in hits} == {"demo-portal"}


def test_names_with_equal_counts_are_in_vietnamese_alphabetical_order(crawled_home: Path) -> None:
    from vnlang.collation import sort_key

    people = json.loads(run_cli("entities", "--type", "person", "--json", "--limit", "1000", home=crawled_home).stdout)
    assert [(-p["articles"], sort_key(p["name"])) for p in people] == sorted(
        (-p["articles"], sort_key(p["name"])) for p in people)  # fmt: skip
    names = [p["name"] for p in people]
    assert len({p["articles"] for p in people}) < len(people)  # there are ties to order
    shown = run_cli("entities", "--type", "person", "--limit", "3", home=crawled_home).stdout.splitlines()
    assert [line.split(None, 2)[2] for line in shown] == names[:3]
