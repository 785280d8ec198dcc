"""Onboarding: each fixture site added with `unionnews sites add`, crawled, exported and scored against its gold.

    python3 -m bench.onboarding [--sites nukeviet,slug,...] [--walk] [--misses]

Per site, in one run, with no hand-written profile: the probe's requests and seconds (`sites add
KEY URL --delay 0`), then `crawl --site KEY -s DOWNLOAD_DELAY=0` and `export`, compared with the
site's gold (tests/sites): how many of its articles were archived, each once under its canonical
URL; how many pages that are not its articles were archived as articles; body word F1; title,
date-time and author. Beside it, "told": the cleaner alone on the gold articles' own pages, as if
discovery had named exactly the right URLs, so a shortfall shows whether it is discovery's or the
cleaner's. `--walk` adds a row for a profile holding only the home page (most registry rows): no probe,
the crawl walks the site and the cleaner's acceptance decides. `--misses` lists every article and
field that was missed.

Acceptance (issue 12): ≥ 95% archived, no non-article archived as an article, each article once,
body word F1 ≥ 0.97, title, date-time and author right on ≥ 95%.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.support.onboarding import Score, score_export, score_told

REPO = Path(__file__).resolve().parent.parent
_PROBE = re.compile(r"(\d+) requests in ([\d.]+) s")


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    result = subprocess.run([sys.executable, "-m", "unionnews", *args], capture_output=True, text=True, env=env,
                            cwd=REPO, timeout=1800)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"unionnews {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
    return result


def onboard(key: str, base: str, home: Path) -> tuple[list[dict[str, Any]], int, float, str]:
    """`sites add`, `crawl` and `export` of one site: (records, probe requests, probe seconds, the probe's report)."""
    added = _cli(home, "sites", "add", key, base + "/", "--delay", "0")
    match = _PROBE.search(added.stdout)
    _cli(home, "crawl", "--site", key, "-s", "DOWNLOAD_DELAY=0")
    out = home / f"{key}.jsonl"
    _cli(home, "export", "-o", str(out), "--site", key)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    return records, int(match[1]) if match else 0, float(match[2]) if match else 0.0, added.stdout


def walk(key: str, base: str, home: Path) -> list[dict[str, Any]]:
    """A profile with only the home page, crawled and exported: crawl-time discovery alone."""
    sites = home / "sites"
    sites.mkdir(parents=True, exist_ok=True)
    (sites / f"{key}-walk.toml").write_text(f'home = "{base}/"\ndownload_delay = 0.0\n', encoding="utf-8")
    _cli(home, "crawl", "--site", f"{key}-walk", "-s", "DOWNLOAD_DELAY=0")
    out = home / f"{key}-walk.jsonl"
    _cli(home, "export", "-o", str(out), "--site", f"{key}-walk")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]


def _row(label: str, s: Score, probe: str) -> str:
    return (f"{label:<16}{probe:>14}{s.archived:>5}/{s.articles:<4}{len(s.wrong):>6}{s.duplicates:>5}{s.not_canonical:>5}"
            f"{len(s.others):>7}{s.body_f1:>8.3f}{s.share(s.title):>8.1%}{s.share(s.date):>8.1%}"
            f"{s.share(s.author):>8.1%}  {'yes' if s.passes() else 'NO'}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", help="comma-separated fixture keys (default: all)")
    parser.add_argument("--walk", action="store_true", help="also crawl each site from a profile with only its home")
    parser.add_argument("--misses", action="store_true", help="list every missed article and field")
    args = parser.parse_args()
    from tests.sites.server import KEYS, FixtureSites, load_gold  # the fixture sites: bench may import tests

    keys = args.sites.split(",") if args.sites else list(KEYS)
    print(f"{'site':<16}{'probe req / s':>14}{'archived':>10}{'wrong':>6}{'dup':>5}{'alt':>5}{'others':>7}"
          f"{'body F1':>8}{'title':>8}{'date':>8}{'author':>8}  passes")  # fmt: skip
    failed = False
    with FixtureSites(keys) as sites, tempfile.TemporaryDirectory(prefix="onboarding-") as tmp:
        for key in keys:
            base, gold = sites.urls[key], load_gold(key)
            records, requests, seconds, _ = onboard(key, base, Path(tmp))
            score = score_export(key, gold, base, records)
            told = score_told(key, gold, base)
            rows = [(key, score, f"{requests} / {seconds:.1f}"), ("  told the URLs", told, "")]
            if args.walk:
                # an archive of its own: an article is filed once, under the site that crawled it first
                rows.append(("  home only", score_export(key, gold, base, walk(key, base, Path(tmp) / "walk")), "walk"))
            for label, row, probe in rows:
                print(_row(label, row, probe))
                if args.misses and label != "  told the URLs":
                    for line in [*row.misses, *(f"archived as an article: {u}" for u in row.wrong)]:
                        print(f"    {line}")
            failed = failed or not score.passes()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
