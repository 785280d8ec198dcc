"""Hostile inputs against a running `unionnews serve` and the CLI, each beside the same request with normal input.

    python3 -m bench.hostile [--articles 2000] [--workdir DIR] [--memory-mb 2048]

Fills an archive with generated articles (bench/export_corpus.py), indexes it, starts `unionnews serve`
on 127.0.0.1 under an address-space cap (setrlimit), and sends each hostile request and its normal
twin. For a request it prints the status, the seconds and the server's peak RSS during the request
above its RSS before (sampled from /proc every 5 ms); CLI cases run `unionnews` as a child, capped the
same way, and read its peak RSS from wait4 (interpreter start included, in both columns). Target
(issue 19): no hostile request more than 2 s or 200 MB above its normal twin.
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from archive.store import Archive
from bench.export_corpus import fill

REPO = Path(__file__).resolve().parent.parent
MAX_SECONDS = 2.0
MAX_EXTRA_MB = 200.0
NORMAL_QUERY = "/api/search?q=" + quote("công đoàn")
TITLE = "Bàn giao nhà Mái ấm công đoàn"
PARAGRAPH = "<p>Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn cho đoàn viên ở huyện Pác Nặm.</p>"

# (case, normal path, hostile path, Host header of the hostile request or None)
WEB_CASES = (
    ("900-letter word (under the query limit)", NORMAL_QUERY, "/api/search?q=" + "a" * 900, None),
    ("2,000-letter word", NORMAL_QUERY, "/api/search?q=" + "a" * 2000, None),
    ("10,000-letter word", NORMAL_QUERY, "/api/search?q=" + "a" * 10_000, None),
    ("400 nested parentheses", NORMAL_QUERY, "/api/search?q=" + "(" * 400 + "cong" + ")" * 400, None),
    ("140 kB URL", "/api/search?site=" + "a" * 100, "/api/search?site=" + "a" * 140_000, None),
    ("foreign Host header", "/api/sites", "/api/sites", "rebind.attacker.example"),
)


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "UNIONNEWS_HOME": str(home), "PYTHONWARNINGS": "ignore"}
    env.pop("UNIONNEWS_DB", None)
    return env


def capped(megabytes: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))

    return limit


def make_home(workdir: Path, articles: int) -> Path:
    """An archive of `articles` generated articles and its index (built once, reused by a later run)."""
    home = workdir / f"home-{articles}"
    if not (home / "index").exists():
        home.mkdir(parents=True, exist_ok=True)
        archive = Archive(f"sqlite:///{home / 'archive.sqlite3'}")
        fill(archive, articles)
        archive.close()
        subprocess.run([sys.executable, "-m", "unionnews", "index"], env=environment(home), check=True, cwd=REPO)
    return home


@contextmanager
def serving(home: Path, memory_mb: int) -> Iterator[tuple[int, int]]:
    """(port, pid) of `unionnews serve --port 0` on 127.0.0.1, under an address-space cap."""
    process = subprocess.Popen([sys.executable, "-m", "unionnews", "serve", "--port", "0"], env=environment(home),
                               cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, preexec_fn=capped(memory_mb))  # fmt: skip
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], 120)
    first = process.stderr.readline() if ready else ""
    if "serving" not in first:
        process.kill()
        raise SystemExit(f"unionnews serve did not start: {first}")
    port = int(first.split(" at ")[1].split("/")[2].rsplit(":", 1)[1])
    try:
        request(port, NORMAL_QUERY)  # the first search loads the index generation
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def request(port: int, path: str, host: str | None = None) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        connection.close()


def measured_request(port: int, pid: int, path: str, host: str | None = None) -> tuple[str, float, float]:
    """(status, seconds, MB of server RSS above where it stood before the request)."""
    before = peak = rss_mb(pid)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, rss_mb(pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    status = request(port, path, host)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return status, seconds, max(peak, rss_mb(pid)) - before


# Runs argv[2:] under an address-space cap of argv[1] MB; prints its exit code, seconds and peak RSS in kB.
LAUNCHER = """
import os, resource, subprocess, sys, time
cap = int(sys.argv[1]) * 2**20
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), time.perf_counter() - started, usage.ru_maxrss)
"""


def measured_command(home: Path, memory_mb: int, *args: str) -> tuple[str, float, float]:
    """(exit code, seconds, peak RSS in MB) of one capped `unionnews` process."""
    command = [sys.executable, "-m", "unionnews", *args]
    result = subprocess.run([sys.executable, "-c", LAUNCHER, str(memory_mb), *command], env=environment(home),
                            capture_output=True, text=True, cwd=REPO)  # fmt: skip
    code, seconds, kilobytes = result.stdout.split()
    return f"exit {code}", float(seconds), int(kilobytes) / 1024


def page(depth: int = 1, paragraphs: int = 6) -> str:
    return (f"<html><head><title>{TITLE}</title></head><body>" + "<div>" * depth
            + f"<h1>{TITLE}</h1><p>Cập nhật lúc 19:56 - 27/12/2020</p>" + PARAGRAPH * paragraphs
            + "</div>" * depth + "</body></html>")  # fmt: skip


def cli_cases(workdir: Path) -> list[tuple[str, list[str], list[str]]]:
    files = {"normal.html": page(), "deep.html": page(depth=1500), "deeper.html": page(depth=5000),
             "big.html": page(paragraphs=30 * 2**20 // len(PARAGRAPH.encode()))}  # fmt: skip
    for name, text in files.items():
        (workdir / name).write_text(text, encoding="utf-8")
    url = ["--url", "https://ldld.backan.example.vn/tin/a.html"]
    normal = ["extract", str(workdir / "normal.html"), *url]
    return [
        ("CLI search, 10,000-letter word", ["search", "công đoàn"], ["search", "a" * 10_000]),
        ("CLI search, 400 nested parentheses", ["search", "công đoàn"], ["search", "(" * 400 + "cong" + ")" * 400]),
        ("extract, 1,500 nested elements", normal, ["extract", str(workdir / "deep.html"), *url]),
        ("extract, 5,000 nested elements", normal, ["extract", str(workdir / "deeper.html"), *url]),
        ("extract, 30 MB page", normal, ["extract", str(workdir / "big.html"), *url]),
    ]


def verdict(normal: tuple[str, float, float], hostile: tuple[str, float, float]) -> str:
    return "ok" if hostile[1] - normal[1] <= MAX_SECONDS and hostile[2] - normal[2] <= MAX_EXTRA_MB else "OVER"


def row(case: str, normal: tuple[str, float, float], hostile: tuple[str, float, float]) -> str:
    def cell(found: tuple[str, float, float]) -> str:
        return f"{found[0]} | {found[1]:.3f} | {found[2]:.1f}"

    return f"| {case} | {cell(normal)} | {cell(hostile)} | {verdict(normal, hostile)} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap of the server and the CLI")
    options = parser.parse_args()
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="unionnews-hostile-"))
    home = make_home(workdir, options.articles)
    print(f"{options.articles} articles; server and CLI capped at {options.memory_mb} MB of address space; "
          f"target: ≤ {MAX_SECONDS:g} s and ≤ {MAX_EXTRA_MB:g} MB above the normal request\n")  # fmt: skip
    print("| case | normal status | s | MB | hostile status | s | MB | |")
    print("|---|---|---|---|---|---|---|---|")
    with serving(home, options.memory_mb) as (port, pid):
        for case, normal_path, hostile_path, host in WEB_CASES:
            normal = measured_request(port, pid, normal_path)
            print(row(f"web: {case}", normal, measured_request(port, pid, hostile_path, host)), flush=True)
    for case, normal_args, hostile_args in cli_cases(workdir):
        normal = measured_command(home, options.memory_mb, *normal_args)
        print(row(case, normal, measured_command(home, options.memory_mb, *hostile_args)), flush=True)


if __name__ == "__main__":
    main()
