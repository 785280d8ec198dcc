"""Export at scale: peak memory and speed of the real `unionnews export` over a 100,000-article archive.

    python3 -m bench.export [--articles 100000] [--workdir DIR]

Fills a fresh SQLite archive with generated articles (bench/export_corpus.py), then runs
`unionnews export` as a child process for each case and reads its peak RSS from the kernel (wait4).
Linux counts a child's memory from before its exec into that peak, so the export is started by a
small launcher process rather than by this script, whose own memory would otherwise be reported.
The rate counts the whole command, interpreter start included. Targets from issue 7: peak RSS under
300 MB and at least 5,000 articles/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import select
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import jsonschema

from archive.export import load_schema

REPO = Path(__file__).resolve().parent.parent
MAX_RSS_MB = 300.0
MIN_RATE = 5000.0

CASES = (
    ("jsonl, every article", ["--format", "jsonl"]),
    ("json array", ["--format", "json"]),
    ("csv", ["--format", "csv"]),
    ("jsonl, --site ×3 --from --to", ["--site", "bench-00", "--site", "bench-01", "--site", "bench-02",
                                      "--from", "2015-01-01", "--to", "2020-12-31"]),  # fmt: skip
    ("jsonl, --person (checked per row)", ["--person", "be thi hoa"]),
)


# Runs argv[1:], then prints its exit code, seconds and peak RSS in kB (as wait4 reports it on Linux).
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss)
"""


def run_export(home: Path, out: Path, args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `unionnews export` process."""
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    command = [sys.executable, "-m", "unionnews", "export", "-o", str(out), *args]
    result = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=env, capture_output=True, text=True)
    code, seconds, rss_kb = result.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"unionnews export {' '.join(args)} failed:\n{result.stderr}")
    return float(seconds), int(rss_kb) / 1024


def web_download(home: Path, out: Path) -> tuple[float, float, float]:
    """(seconds, server RSS before in MB, server peak RSS after in MB) of one streamed download."""
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    server = subprocess.Popen([sys.executable, "-m", "unionnews", "serve", "--port", "0"], env=env, text=True,
                              stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert server.stderr is not None
        ready, _, _ = select.select([server.stderr], [], [], 120)
        line = server.stderr.readline() if ready else ""
        if "serving" not in line:
            raise SystemExit(f"unionnews serve did not start: {line}")
        url = line.split(" at ")[1].split()[0]
        urllib.request.urlopen(url + "openapi.json", timeout=60).read()  # warm: imports and routes done
        before = _vm_hwm(server.pid)
        started = time.perf_counter()
        with urllib.request.urlopen(url + "api/export?format=jsonl", timeout=600) as response, out.open("wb") as f:
            while chunk := response.read(1 << 20):
                f.write(chunk)
        return time.perf_counter() - started, before, _vm_hwm(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc: the web case needs Linux")


def ranked(home: Path) -> None:
    """`export --query`: the index ranks the whole result set once, then the archive is read in that order."""
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "unionnews", "index"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"(index built in {time.perf_counter() - started:.0f} s, not part of any figure)")
    out = home / "ranked.jsonl"
    seconds, rss = run_export(home, out, ["--query", "công đoàn"])
    count = count_records(out, "jsonl")
    out.unlink()
    verdict = "RSS ok" if rss < MAX_RSS_MB else "RSS MISSED"
    print(f"{'jsonl, --query «công đoàn» (ranked)':<36}{count:>10,}{seconds:>9.2f}{count / seconds:>12,.0f}"
          f"{rss:>13.1f}  {verdict}")  # fmt: skip


def count_records(path: Path, fmt: str) -> int:
    """Records in an export, read as a stream (this process must stay small); the first ones are validated."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return sum(1 for _ in csv.reader(f)) - 1
    schema = load_schema()
    count = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip(",\n")
            if line in ("[", "]", "[]"):
                continue  # a JSON array holds one record per line between its brackets
            if count < 200:
                jsonschema.validate(json.loads(line), schema)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, help="Keep the archive and exports here (default: a temp dir).")
    parser.add_argument("--reuse", action="store_true", help="Keep an archive already in --workdir.")
    parser.add_argument("--ranked", action="store_true",
                        help="Also index the archive (untimed here) and export a query's result set in rank order.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unionnews-bench-export-") as tmp:
        home = args.workdir or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        db = home / "archive.sqlite3"
        started = time.perf_counter()
        if not (args.reuse and db.exists()):
            for stale in home.glob("archive.sqlite3*"):
                stale.unlink()
            # In a child process, so that this one stays small (see LAUNCHER).
            fill = f"from archive.store import Archive; from bench.export_corpus import fill; " \
                   f"fill(Archive({f'sqlite:///{db}'!r}), {args.articles})"  # fmt: skip
            subprocess.run([sys.executable, "-c", fill], check=True, cwd=REPO)
        print(f"archive: {args.articles:,} generated articles ({time.perf_counter() - started:.1f} s), "
              f"{db.stat().st_size / 2**20:.0f} MB ({db})\n")  # fmt: skip
        print(f"{'case':<36}{'articles':>10}{'seconds':>9}{'articles/s':>12}{'peak RSS MB':>13}  vs target")
        failed = False
        for name, case_args in CASES:
            fmt = case_args[1] if case_args[0] == "--format" else "jsonl"
            out = home / f"export.{fmt}"
            seconds, rss = run_export(home, out, case_args)
            count = count_records(out, fmt)
            rate = count / seconds
            if name.startswith("jsonl, every"):  # the case the targets are for
                verdict = "ok" if rss < MAX_RSS_MB and rate >= MIN_RATE else "MISSED"
                failed = verdict != "ok"
            else:
                verdict = "RSS ok" if rss < MAX_RSS_MB else "RSS MISSED"
            print(f"{name:<36}{count:>10,}{seconds:>9.2f}{rate:>12,.0f}{rss:>13.1f}  {verdict}")
            out.unlink()
        out = home / "web.jsonl"
        seconds, before, peak = web_download(home, out)
        count = count_records(out, "jsonl")
        out.unlink()
        verdict = "RSS ok" if peak < MAX_RSS_MB else "RSS MISSED"
        print(f"{'web GET /api/export (server)':<36}{count:>10,}{seconds:>9.2f}{count / seconds:>12,.0f}{peak:>13.1f}"
              f"  {verdict} (server at {before:.0f} MB before the download)")  # fmt: skip
        if args.ranked:
            ranked(home)
        print(f"\ntarget (issue 7): peak RSS < {MAX_RSS_MB:.0f} MB and ≥ {MIN_RATE:,.0f} articles/s for the full "
              f"JSONL export of {args.articles:,} articles")  # fmt: skip
        if failed:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
