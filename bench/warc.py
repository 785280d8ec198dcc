"""WARC speed: ingest beside the bare iteration of warcio over the same file, and export of 100,000 stored pages.

    python3 -m bench.warc [--pages 100000] [--ingest 600] [--workdir DIR]

Export: a fresh SQLite archive of generated articles (bench/export_corpus.py) whose raw pages are real
article pages of the fixture sites (tests/sites, 5–15 kB of HTML each), exported by the real
`unionnews export --format warc` in a child process; the rate counts the whole command, interpreter
start included, and the peak RSS is the kernel's (wait4, through bench.export's launcher).
Targets (issue 18): at least 2,000 pages/s and a peak RSS under 300 MB.

Ingest: the first `--ingest` pages of that export, read by `unionnews ingest-warc` into an empty archive
(cleaning, entities, storage and indexing of every page), beside warcio reading every record's body of
the same file with nothing else done: what the library alone costs.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from sqlalchemy import bindparam, update
from warcio.archiveiterator import ArchiveIterator

from bench.export import REPO
from tests.sites.app import FixtureApp
from tests.sites.gold import load_gold
from tests.sites.model import KEYS

MIN_RATE = 2000.0
MAX_RSS_MB = 300.0

# Runs argv[1:] and prints its exit code, wall seconds, CPU seconds (user + system) and peak RSS in kB.
# The CPU time is what a loaded machine does not distort much: on a host shared with other jobs the
# wall-clock rate follows the CPU the command gets, not the code.
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_utime + usage.ru_stime,
      usage.ru_maxrss)
"""


def run_command(home: Path, *args: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one `unionnews` command."""
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    result = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "unionnews", *args], env=env,
                            capture_output=True, text=True, cwd=REPO)  # fmt: skip
    code, wall, cpu, rss_kb = result.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"unionnews {' '.join(args)} failed:\n{result.stderr}")
    return float(wall), float(cpu), int(rss_kb) / 1024


def fixture_pages() -> list[bytes]:
    pages = []
    for key in KEYS:
        app = FixtureApp(key, f"https://{load_gold(key)['host']}")
        pages += [app.respond(a["path"]).body for a in load_gold(key)["articles"]]
    return pages


def fill_pages(db: Path, pages: list[bytes], seed: int = 11) -> None:
    """Give every generated raw page the bytes and headers of a real article page."""
    from archive.models import RawPage
    from archive.store import Archive

    archive = Archive(f"sqlite:///{db}")
    compressed = [zlib.compress(p, 6) for p in pages]
    r = random.Random(seed)
    table = RawPage.__table__
    statement = update(table).where(table.c.id == bindparam("raw_id")).values(
        body=bindparam("new_body"), headers=bindparam("new_headers"), content_type="text/html; charset=utf-8")
    with archive.engine.begin() as connection:
        ids = [row[0] for row in connection.execute(table.select().with_only_columns(table.c.id))]
        for start in range(0, len(ids), 5000):
            connection.execute(statement, [{"raw_id": i, "new_body": compressed[r.randrange(len(pages))],
                                            "new_headers": {"Content-Type": "text/html; charset=utf-8",
                                                            "Server": "Microsoft-IIS/8.5"}}
                                           for i in ids[start:start + 5000]])  # fmt: skip
    archive.close()


def first_records(source: Path, target: Path, count: int) -> int:
    """The warcinfo and the first `count` response records of a gzipped WARC, copied member by member."""
    written = 0
    with open(source, "rb") as handle, open(target, "wb") as out:
        records = ArchiveIterator(handle)
        for record in records:
            if record.rec_type == "response":
                if written == count:
                    break
                written += 1
            offset, length = records.get_record_offset(), records.get_record_length()
            with open(source, "rb") as again:
                again.seek(offset)
                out.write(again.read(length))
    return written


def bare_iteration(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    count = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                record.content_stream().read()
                count += 1
    return count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--ingest", type=int, default=600, help="Records ingested (the cleaner's pace: ~100/s).")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unionnews-bench-warc-") as tmp:
        home = args.workdir or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        db = home / "archive.sqlite3"
        for stale in home.glob("archive.sqlite3*"):
            stale.unlink()
        started = time.perf_counter()
        fill = (f"from archive.store import Archive; from bench.export_corpus import fill; "
                f"fill(Archive({f'sqlite:///{db}'!r}), {args.pages})")  # fmt: skip
        subprocess.run([sys.executable, "-c", fill], check=True, cwd=REPO)
        pages = fixture_pages()
        fill_pages(db, pages)
        print(f"archive: {args.pages:,} articles whose raw pages are {len(pages)} fixture article pages "
              f"(mean {sum(map(len, pages)) // len(pages):,} bytes), built in {time.perf_counter() - started:.0f} s\n")

        out = home / "export.warc.gz"
        seconds, cpu, rss = run_command(home, "export", "--format", "warc", "-o", str(out))
        rate = args.pages / seconds
        verdict = "ok" if rate >= MIN_RATE and rss < MAX_RSS_MB else "MISSED"
        print(f"{'case':<44}{'records':>9}{'seconds':>9}{'records/s':>11}{'CPU s':>8}{'per CPU s':>11}"
              f"{'peak RSS MB':>13}")  # fmt: skip
        print(f"{'export --format warc (whole command)':<44}{args.pages:>9,}{seconds:>9.2f}{rate:>11,.0f}{cpu:>8.1f}"
              f"{args.pages / cpu:>11,.0f}{rss:>13.1f}  {verdict} (target ≥ {MIN_RATE:,.0f}/s, < {MAX_RSS_MB:.0f} MB; "
              f"{os.getloadavg()[0]:.1f} load); file {out.stat().st_size / 2**20:.0f} MB")  # fmt: skip

        sample = home / "sample.warc.gz"
        count = first_records(out, sample, args.ingest)
        cpu_before = time.process_time()
        records, bare = bare_iteration(sample)
        bare_cpu = time.process_time() - cpu_before
        print(f"{'warcio: iterate and read every body':<44}{records:>9,}{bare:>9.2f}{records / bare:>11,.0f}"
              f"{bare_cpu:>8.2f}{records / bare_cpu:>11,.0f}")  # fmt: skip
        seconds, cpu, rss = run_command(home / "ingest", "ingest-warc", str(sample))
        print(f"{'unionnews ingest-warc (clean, store, index)':<44}{count:>9,}{seconds:>9.2f}{count / seconds:>11,.1f}"
              f"{cpu:>8.1f}{count / cpu:>11,.1f}{rss:>13.1f}")  # fmt: skip
        print(f"\nthe library's share of an ingest's CPU: {bare_cpu / cpu:.1%}")
        if verdict != "ok":
            raise SystemExit(1)


if __name__ == "__main__":
    main()
