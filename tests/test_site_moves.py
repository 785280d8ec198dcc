"""Sites after the 2025 reorganisation, and crawls of sites that are down, as an operator reads them.

A site whose start page redirects to another host is reported as moved, with the new address; a site
that has published nothing for months as quiet, with its merged province's federation site. Articles
keep the province of the site that published them. And `crawl --quiet` on a site that is down says so
in one line, without a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import run_cli

from crawler.sites import load_profiles, profiles_dir, save_profile
from tests.support.serving import QuietHandler, free_port, serving


@pytest.fixture
def redirecting_to(demo_urls: dict[str, str]) -> Iterator[str]:
    """A host on another 127.0.0.1 port whose every page redirects (301) to the demo-table site."""
    target = demo_urls["demo-table"]

    class Moved(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.reply(301, b"", headers={"Location": target + self.path})

    with serving(Moved, name="moved") as url:
        yield url


def test_a_site_that_redirects_elsewhere_is_reported_as_moved(tmp_path: Path, redirecting_to: str,
                                                               demo_urls: dict[str, str]) -> None:  # fmt: skip
    crawl = run_cli("crawl", "--site", "demo-table", "--base-url", f"demo-table={redirecting_to}",
                    "-s", "DOWNLOAD_DELAY=0", home=tmp_path)  # fmt: skip
    new_home = demo_urls["demo-table"] + "/"
    assert "demo-table      moved" in crawl.stdout
    assert f"start page redirects to {new_home}" in crawl.stdout
    status = run_cli("status", home=tmp_path).stdout
    assert f"moved: its start page now redirects to {new_home} (update the profile's home)" in status
    [run] = json.loads(run_cli("status", "--json", home=tmp_path).stdout)
    assert (run["status"], run["moved_to"], run["fetched"]) == ("moved", new_home, 0)


def test_a_quiet_site_of_a_merged_province_points_to_the_new_one(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    """The Kiên Giang federation's site, imitated by the demo-table site, whose articles are years old."""
    builtin = load_profiles()
    kiengiang = replace(builtin.get("demo-table"), name="congdoan-kiengiang", level="province",
                        province="Kiên Giang", province_after_2025="An Giang", merged_from=("An Giang", "Kiên Giang"))  # fmt: skip
    save_profile(kiengiang, profiles_dir(tmp_path))
    run_cli("crawl", "--base-url", f"congdoan-kiengiang={demo_urls['demo-table']}", "-s", "DOWNLOAD_DELAY=0",
            home=tmp_path)  # fmt: skip
    records = [json.loads(line) for line in run_cli("export", "-o", "-", home=tmp_path).stdout.splitlines()]
    assert records and {(r["site"], r["province"]) for r in records} == {("congdoan-kiengiang", "Kiên Giang")}
    newest = max(r["published"] for r in records)[:10]
    status = run_cli("status", home=tmp_path).stdout
    assert f"quiet: no article published since {newest} (" in status
    assert ("Kiên Giang is part of An Giang since 1 July 2025; its federation's site: ldld-angiang "
            "(https://ldld.angiang.gov.vn/)") in status  # fmt: skip
    [run] = json.loads(run_cli("status", "--json", home=tmp_path).stdout)
    assert run["last_article"] == newest and run["province_now"]["site"] == "ldld-angiang"


def test_quiet_means_one_line_for_a_site_that_is_down(tmp_path: Path) -> None:
    closed = free_port()  # a port nobody listens on
    crawl = run_cli("crawl", "--quiet", "--site", "demo-table", "--base-url", f"demo-table=http://127.0.0.1:{closed}",
                    "-s", "DOWNLOAD_DELAY=0", home=tmp_path, check=False)  # fmt: skip
    assert crawl.returncode == 1
    assert (crawl.stdout + crawl.stderr).splitlines() == ["demo-table: unreachable: 1 × connection refused"]
    loud = run_cli("crawl", "--site", "demo-table", "--base-url", f"demo-table=http://127.0.0.1:{closed}",
                   "-s", "DOWNLOAD_DELAY=0", home=tmp_path, check=False)  # fmt: skip
    assert "Traceback" not in loud.stderr and len(loud.stderr.splitlines()) <= 1
