"""Engines for the archive's two backends, and what an archive needs before the first write.

SQLite is the default: one file, no server, one writer at a time (WAL lets readers run beside it).
PostgreSQL is for many crawl workers on many machines writing one archive at once. The URL decides:
`sqlite:///path` or `postgresql+psycopg://user:password@host/db` (`postgresql://` and `postgres://`
mean the same, through psycopg 3).

The schema belongs to the Alembic migrations in `archive/migrations`. A server database is upgraded
only by `unionnews db upgrade`, an operator's deliberate step (several workers starting at once must
not race to alter tables), and an archive refuses to open on a server database that is not at head.
A SQLite file is one user's: a fresh file is created at head, and an older one is upgraded on open.
"""

from __future__ import annotations

import fcntl
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session

# Every module that defines tables on `Base`: the migrations and a fresh SQLite file must see them all.
MODEL_MODULES = ("archive.models", "archive.entities", "archive.tombstones", "archive.repeated")

# Pool sizes per process: a crawl worker writes from one thread, `serve` reads from a few.
_POOL = {"pool_size": 5, "max_overflow": 10, "pool_pre_ping": True, "pool_recycle": 1800}


class DatabaseUnavailable(OSError):
    """The database URL is fine but nothing answers there (server down, wrong port or password)."""


class ArchiveDamaged(OSError):
    """The archive's file is not a readable database: restored or recovered by hand, never overwritten."""


def damaged(where: str, reason: str) -> ArchiveDamaged:
    return ArchiveDamaged(f"the archive {where} is damaged ({reason}); restore it from a backup, or recover what "
                          f"is left with `sqlite3 {where} .recover | sqlite3 recovered.sqlite3`")  # fmt: skip


def damage_reason(exc: DatabaseError) -> str:
    """SQLite's own words for what is wrong with the file, in one line."""
    return (str(exc.orig) if exc.orig else str(exc)).strip().splitlines()[0]


class SchemaNotCurrent(ValueError):
    """The database's schema is not the one this code was written for; `unionnews db upgrade` fixes it."""


def database_url(url: str) -> URL:
    """The URL with its driver made explicit: plain `postgresql://` would mean psycopg2, which is not used."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        scheme = url.partition(":")[0]  # not the rest: a malformed URL may still hold a password
        raise ValueError(f"not a database URL ({scheme}:…): try sqlite:///PATH or postgresql+psycopg://HOST/DB") from None
    if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise ValueError(f"unsupported database {parsed.drivername!r}: use sqlite:///PATH or postgresql+psycopg://…")
    return parsed


def display_url(url: str | URL) -> str:
    """The URL as it may appear in messages and logs: never with its password."""
    return (url if isinstance(url, URL) else database_url(url)).render_as_string(hide_password=True)


def create_archive_engine(url: str) -> Engine:
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        _sqlite_pragmas(engine)
        return engine
    return create_engine(parsed, connect_args={"application_name": "unionnews"}, **_POOL)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers (search, serve) never block a crawl
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")  # several writers queue instead of failing
        # In WAL mode, NORMAL syncs at checkpoints instead of at every commit. A killed process loses nothing;
        # a power cut may lose the last commits whole, never half of one, and the crawl ledger with them,
        # so a resumed crawl fetches those pages again.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """A connection, or DatabaseUnavailable saying in one line why there is none."""
    try:
        connection = engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        raise DatabaseUnavailable(f"cannot open the archive at {display_url(engine.url)}: {reason}") from None
    with connection:
        yield connection


def _state(engine: Engine) -> tuple[str | None, bool]:
    """The schema revision and whether any archive table exists (an archive from before migrations)."""
    from archive import migrations

    with connect(engine) as connection:
        return migrations.current_revision(connection), inspect(connection).has_table("articles")


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    if not database or database == ":memory:":
        yield
        return
    with open(Path(database).expanduser().with_name(Path(database).name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)


def prepare(engine: Engine) -> None:
    """Make the archive ready to use, or say in one line why it is not."""
    from archive import migrations

    if engine.dialect.name == "sqlite":
        try:
            _prepare_file(engine)
        except DatabaseError as exc:
            raise damaged(str(engine.url.database), damage_reason(exc)) from None
        return
    revision, has_tables = _state(engine)
    if revision == migrations.HEAD:
        return
    where = display_url(engine.url)
    if revision is None:
        state = "has no unionnews schema yet" if not has_tables else "predates migrations"
    else:
        state = f"is at schema revision {revision}, this code needs {migrations.HEAD}"
    raise SchemaNotCurrent(f"the archive at {where} {state}; run `unionnews --db URL db upgrade` first")


def _prepare_file(engine: Engine) -> None:
    """A SQLite archive: created at head when absent, upgraded when older.

    An existing file of 0 bytes is not taken for a new archive: it is one that was cut short, and
    making a fresh one in its place would let `check --repair` drop the whole index as orphans.
    Connecting creates a missing file, so a file is first connected to only under the file lock.
    """
    from archive import migrations

    database = engine.url.database
    path = Path(database).expanduser() if database and database != ":memory:" else None
    if path is None or (path.exists() and path.stat().st_size > 0):
        revision, _ = _state(engine)
        if revision == migrations.HEAD:
            return
    with _file_lock(database):  # two processes opening one new file must not both create it
        if path is not None and path.exists() and path.stat().st_size == 0:
            raise damaged(str(path), "an empty file of 0 bytes")
        revision, has_tables = _state(engine)
        if revision == migrations.HEAD:
            return
        if revision is None and not has_tables:
            migrations.create_at_head(engine)
        else:
            migrations.upgrade(engine)


def dialect_insert(session: Session) -> Callable[..., Any]:
    """`insert` with the ON CONFLICT clauses of the backend in use (both spell it the same way)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
