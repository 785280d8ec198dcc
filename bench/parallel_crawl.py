"""Crawl workers in parallel into one PostgreSQL archive: pages per second with 2 workers beside 1.

Four synthetic provincial sites of 1,000 articles each (tests.support.bigsite) are served from one
helper process on 127.0.0.1, every page rendered before timing starts. A worker is the real command,
`unionnews --db postgresql+psycopg://… crawl --site … -s UNIONNEWS_INDEX=0`, as a Scrapyd job would
run it. One worker crawls all four sites; then two workers crawl two sites each, at once, into a
fresh database of the same server. Each run's archive is checked for exactly 4,000 articles and no
duplicate URL. The target on 2 cores: ≥ 1.6× the single worker's pages per second.
"Cores used" (the workers' CPU seconds over the wall time) shows how much CPU the workers actually
got: on a machine shared with other work, the speed-up follows it.

A worker here is one core, as a crawl node would be one machine: each worker process (and the
cleaning process it starts, UNIONNEWS_WORKERS=1) is pinned to a core of its own, otherwise one
`unionnews crawl` would already spread its cleaning over both cores and there would be no second
core left to add. The database server and the sites are not pinned: with one worker they get the
other core to themselves, with two they share both.

    python -m bench.parallel_crawl [--articles 1000] [--sites 4] [--workers 2]

The server keeps PostgreSQL's durable defaults (fsync and synchronous commit on). Politeness settings
(AutoThrottle, 2 requests per domain) are lifted for the local sites: the limit measured is the
workers' CPU, which is what more workers add.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import func, select

from archive.models import Article, RawPage
from archive.store import Archive
from tests.support.bigsite import BIG_PROFILE, BigSite, install_profile, serve_big_site
from tests.support.postgres import PostgresServer

REPO = Path(__file__).resolve().parent.parent
NAMES = tuple(f"bench-big-{n}" for n in range(1, 9))
PROFILES = tuple(replace(BIG_PROFILE, name=name) for name in NAMES)  # each worker's data directory gets them
_SETTINGS = {"UNIONNEWS_INDEX": "0", "UNIONNEWS_WORKERS": "1", "AUTOTHROTTLE_ENABLED": "0",
             "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "LOG_LEVEL": "ERROR"}  # fmt: skip


def _serve(count: int, articles: int, pipe: Connection) -> None:
    """The sites, in their own process so serving never competes with the timing for this one's GIL."""
    sites = [BigSite(articles, seed=2025 + n) for n in range(count)]
    for site in sites:  # render every page now: both runs then get the same cached pages
        for page in range(1, articles // 20 + 2):
            site.listing(page)
        for article in site.articles:
            site.article(article.id)
    with ExitStack() as stack:
        pipe.send([stack.enter_context(serve_big_site(site)) for site in sites])
        pipe.recv()  # until the benchmark is done


def _worker(db_url: str, home: Path, sites: dict[str, str], core: int) -> subprocess.Popen[bytes]:
    for profile in PROFILES:
        install_profile(home, profile)
    args = [sys.executable, "-m", "unionnews", "--db", db_url, "--data-dir", str(home), "crawl", "-q"]
    for name, url in sites.items():
        args += ["--site", name, "--base-url", f"{name}={url}"]
    for setting in _SETTINGS.items():
        args += ["-s", "=".join(setting)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen(args, cwd=REPO, env=env, preexec_fn=lambda: os.sched_setaffinity(0, {core}))


def _run(server: PostgresServer, name: str, urls: dict[str, str], workers: int, articles: int) -> float:
    """Crawl every site with `workers` processes into a fresh database; returns pages per second."""
    db_url = server.create_database(name)
    subprocess.run([sys.executable, "-m", "unionnews", "--db", db_url, "db", "upgrade"], cwd=REPO, check=True,
                   capture_output=True)  # fmt: skip
    shares = [dict(list(urls.items())[i::workers]) for i in range(workers)]
    with tempfile.TemporaryDirectory(prefix="unionnews-bench-") as home:
        start = time.perf_counter()
        cores = sorted(os.sched_getaffinity(0))
        processes = [_worker(db_url, Path(home) / f"w{i}", share, cores[i % len(cores)]) for i, share in enumerate(shares)]
        finished = [os.wait4(process.pid, 0) for process in processes]
        elapsed = time.perf_counter() - start
    codes = [os.waitstatus_to_exitcode(status) for _, status, _ in finished]
    cpu = sum(usage.ru_utime + usage.ru_stime for _, _, usage in finished)
    if any(codes):
        raise SystemExit(f"a worker failed: exit codes {codes}")
    archive = Archive(db_url)
    with archive.session() as session:
        stored = session.scalar(select(func.count(Article.id))) or 0
        duplicates = sum(
            (session.scalar(select(func.count(column) - func.count(column.distinct()))) or 0)
            for column in (Article.url, RawPage.url)
        )
    archive.close()
    expected = len(urls) * articles
    print(f"  {workers} worker(s): {stored} articles in {elapsed:.1f} s = {stored / elapsed:.1f} pages/s; "
          f"workers' CPU {1000 * cpu / stored:.1f} ms a page, {cpu / elapsed:.2f} cores used; "
          f"load {os.getloadavg()[0]:.2f}; duplicates {duplicates}")
    if stored != expected or duplicates:
        raise SystemExit(f"expected {expected} articles and no duplicates, got {stored} and {duplicates}")
    return stored / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles per site")
    parser.add_argument("--sites", type=int, default=4, choices=range(1, len(NAMES) + 1))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    ours, theirs = multiprocessing.get_context("fork").Pipe()
    helper = multiprocessing.get_context("fork").Process(target=_serve, args=(args.sites, args.articles, theirs))
    helper.start()
    urls = dict(zip(NAMES, ours.recv(), strict=False))
    print(f"{args.sites} sites × {args.articles} articles on 127.0.0.1, PostgreSQL archive, {os.cpu_count()} cores; "
          f"load average before: {os.getloadavg()[0]:.2f} (other processes share the cores)")  # fmt: skip
    try:
        with PostgresServer(durable=True) as server:
            one = _run(server, "bench_one", urls, 1, args.articles)
            many = _run(server, "bench_many", urls, args.workers, args.articles)
    finally:
        ours.send("stop")
        helper.join(timeout=30)
    print(f"\n{'workers':<10}{'pages/s':>10}{'speed-up':>10}")
    print(f"{1:<10}{one:>10.1f}{1:>10.2f}×")
    print(f"{args.workers:<10}{many:>10.1f}{many / one:>10.2f}×   (target ≥ 1.6× on 2 cores)")


if __name__ == "__main__":
    main()
