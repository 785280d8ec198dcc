"""`unionnews backfill` against a Wayback service on 127.0.0.1 holding captures of a fixture site."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO, run_cli

from tests.sites.gold import load_gold
from tests.wayback_server import DELETED, ORIGIN, SITE, UNPLAYABLE, WaybackService, build_captures

PROFILE = "congdoan-kiengiang"  # the built-in profile of the real site the fixture imitates
RATE = 10.0


def _backfill_args(service: WaybackService, *extra: str) -> list[str]:
    return ["backfill", "--site", PROFILE, "--archive-url", service.url, "--rate", str(RATE), *extra]


def _articles(home: Path) -> dict[str, dict]:
    out = home / "articles.jsonl"
    run_cli("export", "-o", str(out), home=home)
    return {r["url"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def _raw_pages(home: Path) -> dict[str, tuple]:
    import sqlite3

    with sqlite3.connect(home / "archive.sqlite3") as db:
        rows = db.execute("select url, source, captured_at, archived_copy, captures, sha256 from raw_pages "
                          "where id in (select raw_page_id from articles)").fetchall()  # fmt: skip
    return {row[0]: row[1:] for row in rows}


def test_backfill_stores_every_archived_article_once_with_its_captures(tmp_path: Path) -> None:
    gold = load_gold(SITE)
    with WaybackService() as service:
        result = run_cli(*_backfill_args(service), home=tmp_path)
        requests = list(service.requests)
        replays = service.replays()
    articles = _articles(tmp_path)
    assert sorted(articles) == sorted(ORIGIN + a["path"] for a in gold["articles"])  # each once, no other page
    for expected in gold["articles"]:
        got = articles[ORIGIN + expected["path"]]
        assert (got["title"], got["published"]) == (expected["title"], expected["published"])
        # the export says where the bytes came from: the archive's copy of the page, captured years before
        assert got["source"] == "web-archive" and got["original_url"] == got["url"]
        assert got["archived_copy"].startswith(f"{service.url}/web/") and got["captured"] < got["archived"]
    raw = _raw_pages(tmp_path)
    for url, (source, _captured_at, copy, captures, digest) in raw.items():
        assert source == "web-archive" and copy.startswith(f"{service.url}/web/") and copy.endswith(url.split("/")[-1])
        used = [c for c in json.loads(captures) if "skipped" not in c]
        assert any(c["sha256"] == digest for c in used)
    by_id = {url.split("/")[-2]: row for url, row in raw.items()}
    assert len(json.loads(by_id["4033"][3])) == 2  # its https and http?utm_source captures: one article
    assert by_id["3912"][1].startswith("2024-06-06")  # the replay redirected to the later capture
    soft = json.loads(by_id["3420"][3])  # first capture a soft 404, the later one used
    assert "soft 404" in soft[0]["skipped"] and by_id["3420"][1].startswith("2024-07-07")
    assert "soft 404" in result.stdout and "replay failed" in result.stdout
    assert not any(path.endswith((".jpg", ".pdf")) or "GioiThieu" in path for path in replays)
    assert any(DELETED in path for path in replays) and any(UNPLAYABLE in path for path in replays)
    assert sum(1 for _, path in requests if path.startswith("/cdx/")) >= 2  # the first got a 429 and was retried
    # Requests 1/RATE apart: at most RATE + 1 in any second (both ends). Counted on arrival over a window, not
    # by the closest two: on a loaded host one request may arrive late and the next on time.
    times = [t for t, _ in requests]
    busiest = max(sum(1 for u in times if t <= u <= t + 1) for t in times)
    assert busiest <= RATE + 1, f"{busiest} requests in one second at --rate {RATE}"


def _killed_then_resumed(home: Path, after: tuple[str, int]) -> subprocess.CompletedProcess[str]:
    """Run a backfill, SIGKILL it once the service has answered `after` = (path prefix, count), then resume."""
    kind, count = after
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    with WaybackService() as service:
        process = subprocess.Popen([sys.executable, "-m", "unionnews", *_backfill_args(service)], cwd=REPO, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        while sum(1 for _, p in service.requests if p.startswith(kind)) < count:
            assert process.poll() is None, "the backfill ended before the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        return run_cli(*_backfill_args(service, "--resume"), home=home)


@pytest.mark.parametrize("after", [("/cdx/", 2), ("/web/", 3), ("/web/", 9)], ids=["listing", "early", "late"])
def test_a_killed_backfill_resumes_to_exactly_the_uninterrupted_result(after: tuple[str, int], tmp_path: Path) -> None:
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    with WaybackService() as service:
        run_cli(*_backfill_args(service), home=whole)
    resumed = _killed_then_resumed(killed, after)
    assert "resumed" in resumed.stdout
    expected, got = _articles(whole), _articles(killed)
    fields = ("title", "published", "author", "body", "captions")
    assert {u: [r[f] for f in fields] for u, r in got.items()} == {u: [r[f] for f in fields] for u, r in expected.items()}
    assert len(_raw_pages(killed)) == len(expected) == 8


def _about_page_dated_as_news() -> list:
    """The archive's holdings, with the "Giới thiệu" page as captured when it printed a headline of its own and
    an update date as news does: the cleaner alone takes it for an article, its fixed address says otherwise."""
    about = "<h1 class=\"cat-title\">Giới thiệu</h1>"
    dated = ("<h1 class=\"cat-title\">Quá trình hình thành và phát triển của Liên đoàn Lao động tỉnh Kiên Giang</h1>"
             "<p class=\"date\">Cập nhật lúc 08:12 - 15/03/2019 (GMT +07:00)</p>")  # fmt: skip
    captures = build_captures()
    for i, capture in enumerate(captures):
        if capture.url.endswith("/trang/GioiThieu.html"):
            assert about.encode() in capture.body
            captures[i] = replace(capture, body=capture.body.replace(about.encode(), dated.encode()))
    return captures


def test_a_site_added_with_only_its_home_is_backfilled_by_the_shapes_of_its_captures(tmp_path: Path) -> None:
    added = run_cli("sites", "add", "kg-da-dong", ORIGIN + "/", "--no-probe", "--province", "Kiên Giang", home=tmp_path)
    written = tomllib.loads((tmp_path / "sites" / "kg-da-dong.toml").read_text(encoding="utf-8"))
    assert "saved" in added.stdout and written["home"] == ORIGIN + "/" and "crawl" not in written
    with WaybackService(_about_page_dated_as_news()) as service:
        result = run_cli("backfill", "--site", "kg-da-dong", "--archive-url", service.url, "--rate", str(RATE),
                         home=tmp_path)  # fmt: skip
        replays = service.replays()
        lookups = [path for _, path in service.requests if path.startswith("/cdx/") and "prefix" not in path]
    gold = load_gold(SITE)
    articles = _articles(tmp_path)
    assert sorted(articles) == sorted(ORIGIN + a["path"] for a in gold["articles"])  # every article, nothing else
    assert {r["site"] for r in articles.values()} == {"kg-da-dong"}
    assert "/trang/TinTuc/\\d+/\\d+/" in result.stdout  # the learnt article shape, printed for the profile
    # Pages alone under a fixed address are never opened; a listing shape is judged by a page or two.
    alone = ("/trang/GioiThieu.html", "/trang/LienHe.html", "/Tin-hoat-dong.html")
    assert not any(path.endswith(alone) for path in replays), replays
    # Other captures are looked up only for article-shaped pages that no listed capture gave (a soft 404 listed
    # first, the deleted and the unplayable article), never for the pages that are no article.
    looked_up = {urlsplit(parse_qs(urlsplit(path).query)["url"][0]).path for path in lookups}
    assert looked_up and looked_up <= {a["path"] for a in gold["articles"]} | {DELETED, UNPLAYABLE}, looked_up
    assert "2 failed" in result.stdout  # the deleted and the unplayable article: article-shaped, no usable capture


def test_backfill_of_an_unknown_site_is_one_line(tmp_path: Path) -> None:
    result = run_cli("backfill", "--site", "no-such-site", home=tmp_path, check=False)
    assert result.returncode == 2 and result.stderr.startswith("unionnews: error: unknown site 'no-such-site'")
