"""Fixtures for the archive on both backends: a real PostgreSQL server, started once per session.

`db_url` runs a test twice, on a fresh SQLite file and on a fresh PostgreSQL database. The server is
Debian's (scripts/deps/postgresql.sh installs it; `make test` runs that first). Without it the
PostgreSQL tests fail, loudly: they are never skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive import migrations
from archive.db import create_archive_engine
from tests.support.postgres import PostgresMissing, PostgresServer

TEMPLATE = "unionnews_template"  # migrated once; each test's database is a copy of it
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer().start()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        engine = create_archive_engine(server.create_database(TEMPLATE))
        migrations.upgrade(engine)  # the real migrations, not create_all
        engine.dispose()
        yield server
    finally:
        server.stop()


def fresh_database(server: PostgresServer, migrated: bool = True) -> str:
    """A new database: a copy of the migrated template, or empty."""
    return server.create_database(f"test_{next(_names)}", template=TEMPLATE if migrated else None)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    """A fresh, migrated PostgreSQL archive, for the tests that are about PostgreSQL only."""
    return fresh_database(postgres)
