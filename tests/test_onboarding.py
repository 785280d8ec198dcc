"""Issue 12's acceptance: each fixture site added with `sites add` and crawled, with no hand-written profile.

`unionnews sites add KEY URL` probes the site, `crawl --site KEY` crawls it and `export` writes what the
archive holds, which is compared with the site's gold (tests/sites): at least 95% of its articles, each
once under its canonical URL, and nothing else as an article (no listing, tag, "about" page, print view,
nor a newspaper's non-union story); the body's word F1 at least 0.97, and title, date-time and author
right on at least 95% of the articles archived: the thresholds of the issue, for every site.
bench/onboarding.py prints the figures beside what the cleaner gives when told exactly which pages are articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from sites.model import KEYS
from sites.server import FixtureSites, load_gold

from tests.support.onboarding import score_export


@pytest.fixture(scope="module")
def fixture_urls() -> Iterator[dict[str, str]]:
    with FixtureSites() as sites:
        yield sites.urls


@pytest.mark.parametrize("key", KEYS)
def test_a_site_added_in_one_command_crawls_as_its_gold_says(key: str, fixture_urls: dict[str, str],
                                                              tmp_path: Path) -> None:  # fmt: skip
    base, gold, site = fixture_urls[key], load_gold(key), f"probed-{key}"
    added = run_cli("sites", "add", site, base + "/", "--delay", "0", home=tmp_path)
    assert "requests in" in added.stdout and (tmp_path / "sites" / f"{site}.toml").exists()
    run_cli("crawl", "--site", site, "-s", "DOWNLOAD_DELAY=0", home=tmp_path)
    out = tmp_path / "export.jsonl"
    run_cli("export", "-o", str(out), home=tmp_path)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    score = score_export(key, gold, base, records)
    assert score.archived >= 0.95 * score.articles, score.misses
    assert (score.wrong, score.others, score.duplicates, score.not_canonical) == ([], [], 0, 0)
    assert score.body_f1 >= 0.97, score.misses
    for field in (score.title, score.date, score.author):
        assert score.share(field) >= 0.95, score.misses
