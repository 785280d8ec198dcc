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


def test_show_prints_a_person_timeline_that_a_former_post_ends(crawled_home: Path) -> None:
    """Bế Thị Hòa: Phó Chủ tịch Thường trực of the Lạng Sơn federation in 2019–2020, "nguyên" in May 2021."""
    record = json.loads(run_cli("entities", "--show", "be thi hoa", "--json", home=crawled_home).stdout)
    assert (record["name"], record["type"]) == ("Bế Thị Hòa", "person")
    (person,) = record["people"]
    (post,) = [p for p in person["posts"] if p["organization"] == "Liên đoàn Lao động tỉnh Lạng Sơn"]
    assert (post["post"], post["first"], post["last"], post["ended"], post["open"]) == (
        "Phó Chủ tịch Thường trực", "2019-12-31", "2020-07-28", "2021-05-17", False
    )  # fmt: skip
    assert [e["status"] for e in post["evidence"]][-1] == "former"
    assert all(e["url"].startswith("http://127.0.0.1:") for e in post["evidence"])
    text = run_cli("entities", "--show", "Bế Thị Hòa", home=crawled_home).stdout
    assert "Phó Chủ tịch Thường trực, Liên đoàn Lao động tỉnh Lạng Sơn: 2019-12-31 – 2020-07-28, ended by 2021-05-17" in text


def test_show_of_an_unknown_name_is_a_one_line_error(crawled_home: Path) -> None:
    result = run_cli("entities", "--show", "Không Có Ai", home=crawled_home, check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no entity named" in result.stderr
