"""Crawl speed: unionnews end to end beside a plain Scrapy spider, on a 2,000-article local site.

    python bench/crawl.py [--articles 2000] [--new 20]

One run serves the synthetic site (tests.support.bigsite) on 127.0.0.1 and crawls it with politeness
off (no AutoThrottle, no per-site delay, 16 requests in flight):

1. a plain Scrapy spider that follows the same listings and only saves each article page to disk;
2. `unionnews crawl`, full: fetch, clean, entities, store in the archive, index;
3. `unionnews crawl` again, with nothing new on the site;
4. `unionnews crawl` after the site published `--new` articles.

Each figure is the wall time of a fresh process, start-up included, as cron would see it. The targets
(issue 6): the full crawl at ≥ 60 article pages per second on 2 cores, and the run with nothing new in
under 5% of the full crawl's time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.support.bigsite import BigSite, install_profile, serve_big_site  # noqa: E402

POLITENESS_OFF = {
    "AUTOTHROTTLE_ENABLED": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "DOWNLOAD_DELAY": "0",
}

PLAIN_SPIDER = '''
import hashlib, pathlib, sys
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess

BASE, OUT = sys.argv[1], pathlib.Path(sys.argv[2])

class SavePages(Spider):
    """Listings to article pages, each saved as it came: the least any archiving crawler does."""
    name = "plain"

    async def start(self):
        yield Request(BASE + "/tin-tuc", self.parse_listing)

    def parse_listing(self, response):
        for href in response.css("#main a::attr(href)").getall():
            if href.startswith("/tin-tuc/") and href.endswith(".html"):
                yield response.follow(href, self.save)
            elif href.startswith("/tin-tuc?page="):
                yield response.follow(href, self.parse_listing)

    def save(self, response):
        (OUT / (hashlib.sha1(response.url.encode()).hexdigest() + ".html")).write_bytes(response.body)

process = CrawlerProcess({"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False,
                          "REMOTE_CONTROL_ENABLED": False, **%r})
process.crawl(SavePages)
process.start()
'''


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and every helper process it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command[:6])}… failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _last_run(home: Path) -> dict[str, object]:
    db = sqlite3.connect(home / "archive.sqlite3")
    db.row_factory = sqlite3.Row
    run = dict(db.execute("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone())
    run["articles"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    db.close()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--new", type=int, default=20, help="articles published before the last run")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="unionnews-bench-crawl-"))
    site = BigSite(args.articles)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    rows: list[tuple[str, int, tuple[float, float]]] = []
    try:
        with serve_big_site(site) as url:
            saved = work / "plain"
            saved.mkdir()
            script = work / "plain_spider.py"
            script.write_text(PLAIN_SPIDER % (POLITENESS_OFF,))
            timing = _timed([sys.executable, str(script), url, str(saved)], env)
            rows.append(("plain Scrapy spider, saves pages", len(list(saved.iterdir())), timing))

            home = work / "home"
            install_profile(home)
            crawl = [sys.executable, "-m", "unionnews", "--data-dir", str(home), "crawl", "--site", "demo-big",
                     "--base-url", f"demo-big={url}"] + [a for k, v in POLITENESS_OFF.items() for a in ("-s", f"{k}={v}")]  # fmt: skip

            timing = _timed(crawl, env)
            full = _last_run(home)
            if full["articles"] != args.articles or full["failed"]:
                sys.exit(f"bench: the full crawl stored {full['articles']} of {args.articles} articles: {full}")
            rows.append(("unionnews full: fetch, clean, entities, store, index", int(full["fetched"]), timing))

            hits_before = dict(site.hits)
            timing = _timed(crawl, env)
            again = _last_run(home)
            if again["fetched"] or site.hits["article"] != hits_before.get("article"):
                sys.exit(f"bench: the run with nothing new fetched article pages: {again}")
            rows.append(("unionnews incremental, nothing new", 0, timing))

            site.publish(args.new)
            timing = _timed(crawl, env)
            fresh = _last_run(home)
            if fresh["new"] != args.new:
                sys.exit(f"bench: {args.new} articles were published, the crawl found {fresh['new']}: {fresh}")
            rows.append((f"unionnews incremental, {args.new} new", int(fresh["fetched"]), timing))
            index_docs = _index_docs(home)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0]
    print(f"crawl of a {args.articles:,}-article local site, politeness off, {cores} cores "
          f"(load average {load:.1f} at the end); wall time of each process, start-up included")
    print(f"{'':<54}{'pages':>6}{'wall s':>8}{'pages/s':>9}{'CPU s':>8}{'CPU-bound pages/s':>19}")
    for label, pages, (wall, cpu) in rows:
        bound = pages / (cpu / cores) if pages else 0
        print(f"{label:<54}{pages:>6}{wall:>8.1f}{pages / wall if pages else 0:>9.1f}{cpu:>8.1f}{bound:>19.1f}")
    print("(CPU-bound pages/s: what the CPU time allows with every core busy and nothing else running)")
    full_seconds, idle_seconds = rows[1][2][0], rows[2][2][0]
    rate = rows[1][1] / full_seconds
    share = idle_seconds / full_seconds
    print(f"\nfull crawl: {rate:.1f} pages/s (target ≥ 60) — {'met' if rate >= 60 else 'NOT met'}; "
          f"{rate / (rows[0][1] / rows[0][2][0]):.0%} of the plain spider's rate")
    print(f"nothing new: {share:.1%} of the full crawl's time (target < 5%) — {'met' if share < 0.05 else 'NOT met'}")
    print(f"index holds {index_docs} documents")


def _index_docs(home: Path) -> int:
    from search.embedded.engine import EmbeddedEngine

    return EmbeddedEngine(home / "index").count()


if __name__ == "__main__":
    main()
