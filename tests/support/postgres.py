"""A throwaway PostgreSQL server on 127.0.0.1, for the tests and the benchmarks.

Debian's server binaries (scripts/deps/postgresql.sh installs them) run from a temporary data
directory on a free port, with trust authentication for 127.0.0.1 only, and are removed on stop.
PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user.

    with PostgresServer() as server:
        server.create_database("archive")
        url = server.url("archive")      # postgresql+psycopg://postgres@127.0.0.1:PORT/archive
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.support.serving import free_port

SUPERUSER = "postgres"


class PostgresMissing(RuntimeError):
    """No server binaries: the machine lacks Debian's postgresql package."""


def server_binaries() -> Path:
    """The newest installed server's bin directory (Debian keeps them out of PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).resolve().parent
    raise PostgresMissing("PostgreSQL server binaries not found: run `bash scripts/deps/postgresql.sh` (Debian's postgresql)")


class PostgresServer:
    def __init__(self, durable: bool = False) -> None:
        """`durable=False` turns fsync off: tests need speed, not crash safety. Benchmarks keep it on."""
        self.bin = server_binaries()
        self.durable = durable
        self.port = 0
        self.directory: Path | None = None

    # as root, run every server command as the postgres user, who must own the data directory
    def _run_as(self) -> dict[str, Any]:
        return {"user": SUPERUSER, "group": pwd.getpwnam(SUPERUSER).pw_gid} if os.geteuid() == 0 else {}

    def _run(self, *args: str) -> None:
        result = subprocess.run(args, capture_output=True, text=True, cwd=self.directory, **self._run_as())
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")

    def start(self) -> PostgresServer:
        self.directory = Path(tempfile.mkdtemp(prefix="unionnews-pg-"))
        if os.geteuid() == 0:
            entry = pwd.getpwnam(SUPERUSER)
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        data = self.directory / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = [f"-c unix_socket_directories={self.directory}", "-c listen_addresses=127.0.0.1",
                   "-c max_connections=200"]  # fmt: skip
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        for attempt in range(3):  # a free port can be taken between choosing and binding it
            self.port = free_port()
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.directory / "server.log"),
                          "-w", "-t", "60", "-o", " ".join([f"-p {self.port}", *options]), "start")  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2:
                    raise RuntimeError(f"PostgreSQL did not start: {self.log()[-2000:]}") from None
        return self

    def log(self) -> str:
        path = self.directory / "server.log" if self.directory else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        if self.directory is None:
            return
        subprocess.run([str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=self.directory, **self._run_as())  # fmt: skip
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        """One statement outside a transaction (CREATE DATABASE cannot run inside one)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
                             autocommit=True) as connection:  # fmt: skip
            connection.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.stop()
