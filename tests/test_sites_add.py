"""`unionnews sites add`: a site never seen before, probed, profiled and crawled with no hand-written profile."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli

from archive.urls import canonical_url
from crawler.sites import load_profiles
from unionnews.demo.content import DemoSite
from unionnews.demo.urls import SCHEMES

KEYS = {"demo-portal": "moi-backan", "demo-joomla": "moi-langson", "demo-table": "moi-sonla",
        "demo-html5": "moi-thainguyen"}  # fmt: skip


def _exported(home: Path) -> dict[str, dict]:
    out = home / "export.jsonl"
    run_cli("export", "-o", str(out), home=home)
    return {r["url"]: r for line in out.read_text(encoding="utf-8").splitlines() if (r := json.loads(line))}


def _gold(demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]) -> dict[str, tuple[str, object]]:
    return {
        canonical_url(demo_urls[name] + SCHEMES[site.family].article(a)): (KEYS[name], a)
        for name, site in demo_sites.items() for a in site.articles
    }  # fmt: skip


def test_added_sites_crawl_every_article_once_with_no_hand_written_profile(
    tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    for name, key in KEYS.items():
        added = run_cli("sites", "add", key, demo_urls[name] + "/", "--delay", "0", "--province",
                        demo_sites[name].province, home=tmp_path)  # fmt: skip
        assert f"saved {tmp_path / 'sites' / key}.toml" in added.stdout
        assert int(added.stdout.split("article candidates: ")[1].split()[0]) >= 4  # a listing page's worth
        assert "requests in" in added.stdout and "sample:" in added.stdout
    profiles = load_profiles(tmp_path)
    assert {key: profiles.get(key).province for key in KEYS.values()} == {
        KEYS[name]: site.province for name, site in demo_sites.items()
    }
    run_cli("crawl", *(arg for key in KEYS.values() for arg in ("--site", key)), "-s", "DOWNLOAD_DELAY=0",
            home=tmp_path)  # fmt: skip
    exported = _exported(tmp_path)
    gold = _gold(demo_urls, demo_sites)
    assert set(exported) == set(gold)
    for url, (key, article) in gold.items():
        assert exported[url]["site"] == key
        assert exported[url]["title"] == article.title
        assert datetime.fromisoformat(exported[url]["published"]) == article.published


def test_a_profile_with_only_a_home_page_crawls_by_walking_the_site(
    tmp_path: Path, demo_urls: dict[str, str], demo_sites: dict[str, DemoSite]
) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    for name, key in KEYS.items():
        (sites / f"{key}.toml").write_text(f'home = "{demo_urls[name]}/"\ndownload_delay = 0.0\n', encoding="utf-8")
    result = run_cli("crawl", *(arg for key in KEYS.values() for arg in ("--site", key)), "-s", "DOWNLOAD_DELAY=0",
                     home=tmp_path)  # fmt: skip
    assert set(_exported(tmp_path)) == set(_gold(demo_urls, demo_sites))  # every article, and nothing else
    # The home and listing pages were read and kept as pages, with the reason they are not articles.
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    kept = dict(db.execute("SELECT url, error FROM raw_pages WHERE error IS NOT NULL").fetchall())
    for name in KEYS:
        assert canonical_url(demo_urls[name] + SCHEMES[demo_sites[name].family].listing(2)) in kept
    assert "no article" not in result.stdout  # not failures: most pages of a walk are not articles
    # Re-cleaning the stored pages asks the same of them: the listings stay pages.
    again = run_cli("reextract", home=tmp_path)
    assert "not articles (listings and the like)" in again.stdout
    assert set(_exported(tmp_path)) == set(_gold(demo_urls, demo_sites))


def test_dry_run_prints_and_saves_nothing(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    result = run_cli("sites", "add", "moi-thainguyen", demo_urls["demo-html5"] + "/", "--delay", "0", "--dry-run",
                     home=tmp_path)  # fmt: skip
    assert "dry run: nothing saved" in result.stdout and "article " in result.stdout
    assert not (tmp_path / "sites" / "moi-thainguyen.toml").exists()


def test_update_probes_again_and_keeps_what_the_operator_wrote(tmp_path: Path, demo_urls: dict[str, str]) -> None:
    run_cli("sites", "add", "moi-thainguyen", demo_urls["demo-html5"] + "/", "--delay", "0",
            "--name", "Liên đoàn Lao động tỉnh Thái Nguyên", "--province", "Thái Nguyên", home=tmp_path)  # fmt: skip
    again = run_cli("sites", "add", "moi-thainguyen", demo_urls["demo-html5"] + "/", "--delay", "0", home=tmp_path,
                    check=False)  # fmt: skip
    assert again.returncode != 0 and "--update" in again.stderr and len(again.stderr.strip().splitlines()) == 1
    path = tmp_path / "sites" / "moi-thainguyen.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[crawl]", 'notes = "kept"\n\n[crawl]'), encoding="utf-8")
    run_cli("sites", "add", "--update", "moi-thainguyen", "--delay", "0", home=tmp_path)
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    assert (table["name"], table["province"], table["notes"]) == (
        "Liên đoàn Lao động tỉnh Thái Nguyên",
        "Thái Nguyên",
        "kept",
    )
    assert table["crawl"]["article"]


@pytest.mark.parametrize(("where", "message"), [
    ("/closed/", "robots.txt of http://127.0.0.1:{port} forbids crawling"),
    ("/data/", "is not an HTML page (application/json)"),
])  # fmt: skip
def test_a_site_that_cannot_be_probed_is_one_line_and_a_failure(tmp_path: Path, refusing: str, where: str,
                                                                 message: str) -> None:  # fmt: skip
    result = run_cli("sites", "add", "ldld-x", refusing + where, "--delay", "0", home=tmp_path, check=False)
    port = refusing.rsplit(":", 1)[1]
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"unionnews: error: {_line(result.stderr)}"]
    assert message.format(port=port) in result.stderr
    assert not (tmp_path / "sites").exists()


def test_an_unreachable_site_is_one_line_and_a_failure(tmp_path: Path, closed_port: int) -> None:
    result = run_cli("sites", "add", "ldld-x", f"http://127.0.0.1:{closed_port}/", "--delay", "0", home=tmp_path,
                     check=False)  # fmt: skip
    assert result.returncode != 0
    assert result.stderr == f"unionnews: error: http://127.0.0.1:{closed_port}/ is unreachable\n"


def _line(stderr: str) -> str:
    return stderr.strip().removeprefix("unionnews: error: ")


def test_no_probe_names_a_site_that_is_gone_without_a_request(tmp_path: Path, closed_port: int) -> None:
    home = f"http://127.0.0.1:{closed_port}/"  # nothing answers there: a probe would fail
    dry = run_cli("sites", "add", "ldld-cu", home, "--no-probe", "--dry-run", home=tmp_path)
    assert "not probed" in dry.stdout and not (tmp_path / "sites").exists()
    added = run_cli("sites", "add", "ldld-cu", home, "--no-probe", "--name", "Liên đoàn Lao động tỉnh Hà Giang",
                    "--province", "Hà Giang", home=tmp_path)  # fmt: skip
    assert f"saved {tmp_path / 'sites' / 'ldld-cu'}.toml" in added.stdout
    assert {k: v for k, v in tomllib.loads((tmp_path / "sites" / "ldld-cu.toml").read_text(encoding="utf-8")).items()
            if k in ("name", "province", "home", "crawl")} == {  # fmt: skip
        "name": "Liên đoàn Lao động tỉnh Hà Giang", "province": "Hà Giang", "home": home}
    assert load_profiles(tmp_path).get("ldld-cu").content_decides
    again = run_cli("sites", "add", "--update", "ldld-cu", "--no-probe", home=tmp_path, check=False)
    assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1
