"""Discovery where URLs do not tell: slug-only articles, print views, aliases, tracking and session parameters."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

from conftest import run_cli
from variant_site import ABOUT, STORIES, VariantSite, served

from crawler.discovery.probe import probe_site


def test_the_probe_turns_print_views_and_decorations_into_rules(variant_site: tuple[str, VariantSite]) -> None:
    base, site = variant_site
    report = probe_site(base + "/", delay=0)
    articles = [base + s.path for s in STORIES]
    assert report.article and all(any(re.search(r, u) for r in report.article) for u in articles)
    assert report.confirm  # no id in the URLs, and the "about" page shares their shape: content decides
    assert any(re.search(p, base + STORIES[0].path + "?print=1") for p in report.exclude)
    assert not any(re.search(p, base + STORIES[0].path) for p in report.exclude)
    assert {"utm_source", "utm_medium", "sessionid"} <= set(report.canonical_params)
    assert (f"{base}/tin-tuc/{STORIES[4].path.rsplit('/', 1)[1]}", base + STORIES[4].path) in report.aliases
    assert "/tin-tuc" in report.start and any(re.search(r, base + "/tin-tuc?page=2") for r in report.listing)
    # Polite: robots.txt read first, the admin area it forbids never asked for, print views never fetched.
    assert site.hits["/robots.txt"] == 1 and not any(t.startswith("/quan-tri/") for t in site.hits)
    assert not any("print=1" in t for t in site.hits)
    assert report.requests == sum(site.hits.values())


def _exported(home: Path) -> list[dict]:
    out = home / "out.jsonl"
    run_cli("export", "-o", str(out), home=home)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_added_then_crawled_each_article_once_under_its_canonical_url(tmp_path: Path,
                                                                      variant_site: tuple[str, VariantSite]) -> None:  # fmt: skip
    base, site = variant_site
    run_cli("sites", "add", "cd-danang", base + "/", "--delay", "0", home=tmp_path)
    run_cli("crawl", "--site", "cd-danang", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    records = _exported(tmp_path)
    assert sorted(r["url"] for r in records) == sorted(base + s.path for s in STORIES)
    assert {r["title"] for r in records} == {s.title for s in STORIES}
    assert not any("print=1" in t for t in site.hits) and not any(t.startswith("/quan-tri/") for t in site.hits)
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    kept = dict(db.execute("SELECT url, error FROM raw_pages WHERE error IS NOT NULL").fetchall())
    assert kept.get(base + ABOUT) == "not an article: no date"  # fetched as an article, kept as a page


def test_a_home_page_alone_crawls_the_same_articles(tmp_path: Path, variant_site: tuple[str, VariantSite]) -> None:
    base, site = variant_site
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "cd-danang.toml").write_text(f'home = "{base}/"\ndownload_delay = 0.0\n', encoding="utf-8")
    run_cli("crawl", "--site", "cd-danang", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    records = _exported(tmp_path)
    assert sorted(r["url"] for r in records) == sorted(base + s.path for s in STORIES)
    assert not any("print=1" in t for t in site.hits)


def test_one_row_per_article_whatever_address_led_to_it(tmp_path: Path) -> None:
    """Links with tracking and session parameters, aliases, canonical links naming the site's `www.` mirror,
    and a second crawl through the mirror (`--base-url`): each article once, at the home's address."""
    site = VariantSite()
    with served(site) as base:
        mirror = f"http://localhost:{urlsplit(base).port}"
        site.canonical_base = mirror.replace("//", "//www.")  # not servable here: the crawl must never ask it
        (tmp_path / "sites").mkdir()
        (tmp_path / "sites" / "cd-danang.toml").write_text(
            f'home = "{base}/"\nmirrors = ["{mirror}/"]\ndownload_delay = 0.0\n', encoding="utf-8")
        run_cli("crawl", "--site", "cd-danang", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
        run_cli("crawl", "--base-url", f"cd-danang={mirror}", "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    records = _exported(tmp_path)
    assert sorted(r["url"] for r in records) == sorted(base + s.path for s in STORIES)
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    runs = db.execute("SELECT new, updated + unchanged FROM crawl_runs ORDER BY id").fetchall()
    assert runs == [(len(STORIES), 0), (0, len(STORIES))]  # through the mirror: the same articles, known
