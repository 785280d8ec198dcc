"""Load on the search API while `index --rebuild` runs: requests/s, latency percentiles, errors, empty answers.

    python3 -m bench.load [--articles 2000] [--seconds 20] [--clients 20 100] [--workdir DIR]

Loopback only and bounded in time: `unionnews serve` on 127.0.0.1 (bench/hostile.py starts it over a
generated archive), and for each client count that many threads send searches over keep-alive
connections (http.client) for `--seconds`, while `unionnews index --rebuild` runs again and again
beside them. Every query matches articles, so an answer with `total: 0` is a wrong one (issue 19:
a rebuild used to empty the live index first). Target: 0 errors and 0 empty answers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import numpy as np

from bench.hostile import REPO, environment, make_home, serving

QUERIES = [f"/api/search?q={quote(q)}&limit=10" for q in ("công đoàn", "đoàn viên", "người lao động", "cong doan",
                                                           "Bắc Kạn", "Mái ấm công đoàn")]  # fmt: skip


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.empty = 0
        self.lock = threading.Lock()

    def add(self, seconds: float, ok: bool, empty: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok
            self.empty += empty


def client(port: int, until: float, tally: Tally, offset: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = offset
    while time.monotonic() < until:
        path = QUERIES[n % len(QUERIES)]
        n += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            ok = response.status == 200
            tally.add(time.perf_counter() - started, ok, ok and json.loads(body)["total"] == 0)
        except (OSError, http.client.HTTPException, ValueError):
            tally.add(time.perf_counter() - started, False, False)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.close()


def rebuilding(home: Path, until: float, done: list[int]) -> None:
    """`unionnews index --rebuild`, again and again until `until`; counts the rebuilds that completed."""
    while time.monotonic() < until:
        process = subprocess.Popen([sys.executable, "-m", "unionnews", "index", "--rebuild"], env=environment(home),
                                   cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        while process.poll() is None and time.monotonic() < until + 300:
            time.sleep(0.2)
        done[0] += process.returncode == 0


def level(port: int, home: Path, clients: int, seconds: float) -> str:
    tally, rebuilds = Tally(), [0]
    started = time.monotonic()
    until = started + seconds
    rebuilder = threading.Thread(target=rebuilding, args=(home, until, rebuilds))
    rebuilder.start()
    threads = [threading.Thread(target=client, args=(port, until, tally, i)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    rebuilder.join()
    p50, p95, p99 = np.percentile(np.array(tally.latencies) * 1000, [50, 95, 99]) if tally.latencies else (0, 0, 0)
    return (f"| {clients} | {len(tally.latencies)} | {len(tally.latencies) / elapsed:.1f} | {p50:.0f} | {p95:.0f} | "
            f"{p99:.0f} | {tally.errors} | {tally.empty} | {rebuilds[0]} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[20, 100])
    parser.add_argument("--workdir", type=Path)
    options = parser.parse_args()
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="unionnews-load-"))
    home = make_home(workdir, options.articles)
    print(f"{options.articles} articles, {options.seconds:g} s per level, `index --rebuild` running throughout\n")
    print("| clients | requests | requests/s | p50 ms | p95 ms | p99 ms | errors | `total: 0` answers | rebuilds completed |")
    print("|---|---|---|---|---|---|---|---|---|")
    with serving(home, memory_mb=4096) as (port, _pid):
        for clients in options.clients:
            print(level(port, home, clients, options.seconds), flush=True)


if __name__ == "__main__":
    main()
