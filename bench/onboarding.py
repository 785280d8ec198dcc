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
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from w3lib.url import safe_url_string

from archive.urls import canonical_url
from bench.scoring import same_text, shingle_counts
from cleaner import extract_html

REPO = Path(__file__).resolve().parent.parent
_PROBE = re.compile(r"(\d+) requests in ([\d.]+) s")


@dataclass
class Score:
    site: str
    articles: int  # gold articles
    archived: int = 0  # of them, archived (under any of their addresses)
    duplicates: int = 0  # gold articles archived more than once
    not_canonical: int = 0  # archived under an alternate address rather than the canonical one
    wrong: list[str] = field(default_factory=list)  # archived as articles, but non-article pages
    others: list[str] = field(default_factory=list)  # archived, but articles of non-union sections
    f1: list[float] = field(default_factory=list)
    title: int = 0
    date: int = 0
    author: int = 0
    misses: list[str] = field(default_factory=list)
    probe_requests: int = 0
    probe_seconds: float = 0.0

    def share(self, n: int) -> float:
        return n / self.archived if self.archived else 0.0

    @property
    def body_f1(self) -> float:
        return sum(self.f1) / len(self.f1) if self.f1 else 0.0

    def passes(self) -> bool:
        return (self.archived >= 0.95 * self.articles and not self.wrong and not self.duplicates
                and not self.not_canonical and self.body_f1 >= 0.97
                and min(self.share(self.title), self.share(self.date), self.share(self.author)) >= 0.95)  # fmt: skip


def _word_f1(gold: str, got: str) -> float:
    tp, fp, fn = shingle_counts(gold, got, 1)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _compare(score: Score, gold: dict[str, Any], record: dict[str, Any], where: str) -> None:
    score.f1.append(_word_f1(gold["body"], record.get("body") or ""))
    got = datetime.fromisoformat(record["published"]) if record.get("published") else None
    checks = {
        "title": same_text(gold["title"], record.get("title")),
        "date": got == datetime.fromisoformat(gold["published"]),
        "author": (gold["author"] or None) == (record.get("author") or None),
    }
    for name, ok in checks.items():
        setattr(score, name, getattr(score, name) + ok)
        if not ok:
            score.misses.append(f"{where}: {name} {record.get(name if name != 'date' else 'published')!r}, "
                                f"gold {gold[name if name != 'date' else 'published']!r}")  # fmt: skip
    if score.f1[-1] < 0.97:
        score.misses.append(f"{where}: body word F1 {score.f1[-1]:.3f}")


def score_export(key: str, gold: dict[str, Any], base: str, records: list[dict[str, Any]]) -> Score:
    """How the exported articles of one crawl compare with the site's gold."""
    score = Score(key, len(gold["articles"]))
    addresses: dict[str, tuple[int, bool]] = {}  # canonical_url → (gold article, is it the canonical path)
    for i, article in enumerate(gold["articles"]):
        addresses[canonical_url(base + article["path"])] = (i, True)
        for alternate in article["alternates"]:
            addresses[canonical_url(base + alternate)] = (i, False)
    non_articles = {canonical_url(base + page["path"]) for page in gold["non_articles"]}
    others = {canonical_url(base + a["path"]) for a in gold.get("other_articles", [])}
    seen: dict[int, int] = {}
    for record in records:
        url = canonical_url(record["url"])
        if url in addresses:
            i, canonical = addresses[url]
            seen[i] = seen.get(i, 0) + 1
            score.not_canonical += not canonical
            if seen[i] == 1:
                _compare(score, gold["articles"][i], record, url[len(base):])
        elif url in others:
            score.others.append(url[len(base):])
        else:
            score.wrong.append(url[len(base):] + ("" if url in non_articles else " (not in the gold)"))
    score.archived = len(seen)
    score.duplicates = sum(n > 1 for n in seen.values())
    score.misses += [f"{a['path']}: not archived" for i, a in enumerate(gold["articles"]) if i not in seen]
    return score


def score_told(key: str, gold: dict[str, Any], base: str) -> Score:
    """The cleaner alone on each gold article's canonical page: discovery taken out of the picture."""
    records = []
    for article in gold["articles"]:
        url = base + article["path"]
        with urllib.request.urlopen(safe_url_string(url), timeout=30) as response:
            body, content_type = response.read(), response.headers.get("Content-Type")
        records.append({"url": url, **extract_html(body, url, content_type=content_type).to_record()})
    return score_export(key, gold, base, records)


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
