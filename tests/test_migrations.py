"""Alembic migrations: they build exactly the models' schema on both backends, and `unionnews db` drives them."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from backends import fresh_database
from click.testing import CliRunner
from conftest import run_cli
from sqlalchemy import Engine, insert, inspect, select, text, update
from sqlalchemy.exc import DataError

from archive import migrations
from archive.db import MODEL_MODULES, SchemaNotCurrent, create_archive_engine, load_models
from archive.models import Base, utcnow
from archive.store import Archive
from tests.support.postgres import PostgresServer
from tests.support.serving import free_port
from unionnews.cli import main
from vnlang.dates import VIETNAM


def test_head_is_the_newest_revision_file_and_history_is_one_line() -> None:
    assert migrations.HEAD == migrations.script_head()
    versions = Path(migrations.__file__).parent / "versions"
    for path in versions.glob("[0-9]*.py"):
        revision = re.search(r'^revision = "(\d{4})"', path.read_text(), re.M)
        assert revision and path.name.startswith(revision.group(1) + "_"), path.name
    numbers = sorted(migrations.known_revisions())
    assert numbers == [f"{n:04d}" for n in range(1, int(migrations.HEAD) + 1)]


def test_every_table_module_is_known_to_the_migrations() -> None:
    """A model module missing from MODEL_MODULES would be left out of fresh archives and of autogenerate."""
    import archive

    for module in pkgutil.iter_modules(archive.__path__, "archive."):
        importlib.import_module(module.name)  # every module that could define a table, whoever imports it
    load_models()
    modules = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    assert modules <= set(MODEL_MODULES)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_build_the_schema_of_the_models(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    else:
        url = fresh_database(request.getfixturevalue("postgres"), migrated=False)
    engine = create_archive_engine(url)
    assert migrations.upgrade(engine) == (None, migrations.HEAD)
    with engine.connect() as connection:
        assert migrations.differences(connection) == []
    engine.dispose()


def test_a_fresh_sqlite_archive_is_created_at_head_with_the_same_schema(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    with archive.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.HEAD
        assert migrations.differences(connection) == []
    archive.close()


def test_a_pre_migration_sqlite_archive_is_upgraded_in_place(tmp_path: Path) -> None:
    """An archive made by `create_all` before migrations (no version table, older columns) keeps its rows."""
    path = tmp_path / "old.sqlite3"
    engine = create_archive_engine(f"sqlite:///{path}")
    migrations.upgrade(engine, "0001")
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE alembic_version")
    db.execute("INSERT INTO sites (name, province) VALUES ('demo-table', 'Sơn La')")
    db.commit()
    db.close()
    archive = Archive(f"sqlite:///{path}")
    with archive.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.HEAD
        assert "etag" in {c["name"] for c in inspect(connection).get_columns("raw_pages")}
        assert connection.execute(text("SELECT province FROM sites WHERE name = 'demo-table'")).scalar() == "Sơn La"
    assert archive.ensure_site("demo-table") == 1
    archive.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_archive_at_0003_keeps_its_rows_and_takes_long_text_once_upgraded(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Revision 0004 lifts the VARCHAR limits that only PostgreSQL enforced (issue 8), without rewriting a table."""
    url = f"sqlite:///{tmp_path / 'at-0003.sqlite3'}" if backend == "sqlite" else None
    url = url or fresh_database(request.getfixturevalue("postgres"), migrated=False)
    engine = create_archive_engine(url)
    migrations.upgrade(engine, "0003")
    load_models()
    sites, raw_pages, articles = (Base.metadata.tables[name] for name in ("sites", "raw_pages", "articles"))
    author = ("Tin, ảnh: Đỗ Thị Gấm – Ban Tuyên giáo Liên đoàn Lao động tỉnh Bắc Kạn; " * 5)[:300]  # 0003's most
    page = "http://backan.congdoan.vn/tin-tuc/trao-qua-tet.html"
    with engine.begin() as connection:
        connection.execute(insert(sites).values(id=1, name="bac-kan", province="Bắc Kạn"))
        connection.execute(insert(raw_pages).values(id=1, site_id=1, url=page, fetched_url=page, status=200, headers={},
                                                    body=b"", sha256="0" * 64, fetched_at=utcnow()))  # fmt: skip
        connection.execute(insert(articles).values(
            id=1, site_id=1, raw_page_id=1, url=page, title="Trao quà Tết", body="Công đoàn trao quà.", author=author,
            byline=author, category="Hoạt động công đoàn", captions=[], entities=[], figures=[], content_hash="0" * 64,
            first_seen=utcnow(), updated_at=utcnow()))  # fmt: skip
    files = _relation_files(engine)
    if backend == "postgresql":  # the bug: one character more fails the whole transaction
        with pytest.raises(DataError, match="value too long"), engine.begin() as connection:
            connection.execute(update(articles).values(author=author + "."))
    code, out = _db(url, "upgrade")
    assert code == 0 and f"upgraded from 0003 to revision {migrations.HEAD}" in out
    assert _db(url, "check") == (0, f"ok: revision {migrations.HEAD}, schema matches the models\n")
    longer = author * 3
    with engine.begin() as connection:
        kept = connection.execute(select(articles.c.author, articles.c.byline, sites.c.province).join(sites)).one()
        assert tuple(kept) == (author, author, "Bắc Kạn")
        connection.execute(update(articles).values(author=longer))
    with engine.connect() as connection:
        assert connection.scalar(select(articles.c.author)) == longer
    after = _relation_files(engine)  # catalog-only on PostgreSQL: no table or index was rewritten (later
    assert {name: after.get(name) for name in files} == files  # revisions may add tables of their own)
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_revision_0005_gives_existing_articles_their_vietnam_day(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """An article published at 01:43 on 4 January is 18:43 on 3 January in UTC, the stored time."""
    url = f"sqlite:///{tmp_path / 'at-0004.sqlite3'}" if backend == "sqlite" else None
    url = url or fresh_database(request.getfixturevalue("postgres"), migrated=False)
    engine = create_archive_engine(url)
    migrations.upgrade(engine, "0004")
    load_models()
    sites, raw_pages = (Base.metadata.tables[name] for name in ("sites", "raw_pages"))
    published = {1: datetime(2020, 1, 4, 1, 43, 30, tzinfo=VIETNAM), 2: None, 3: datetime(2021, 6, 30, 23, 59,
                                                                                          tzinfo=VIETNAM)}  # fmt: skip
    with engine.begin() as connection:
        connection.execute(insert(sites).values(id=1, name="bac-kan", province="Bắc Kạn"))
        for i, moment in published.items():
            page = f"http://backan.congdoan.vn/tin-tuc/{i}.html"
            connection.execute(insert(raw_pages).values(id=i, site_id=1, url=page, fetched_url=page, status=200,
                                                        headers={}, body=b"", sha256="0" * 64, fetched_at=utcnow()))
            stored = moment.astimezone(UTC).replace(tzinfo=None) if moment and backend == "sqlite" else moment
            connection.execute(text(
                "INSERT INTO articles (id, site_id, raw_page_id, url, title, body, published, captions, entities,"
                " figures, content_hash, first_seen, updated_at) VALUES (:i, 1, :i, :url, 'Tiêu đề', 'Nội dung',"
                " :published, '[]', '[]', '[]', :hash, :now, :now)"), {"i": i, "url": page, "published": stored,
                "hash": "0" * 64, "now": utcnow().replace(tzinfo=None)})  # fmt: skip
    code, out = _db(url, "upgrade")
    assert code == 0 and f"upgraded from 0004 to revision {migrations.HEAD}" in out
    assert _db(url, "check") == (0, f"ok: revision {migrations.HEAD}, schema matches the models\n")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, published_date, published_local FROM articles ORDER BY id")).all()
    assert [(i, str(day) if day else None, local) for i, day, local in rows] == [
        (1, "2020-01-04", "2020-01-04T01:43:30+07:00"), (2, None, None), (3, "2021-06-30", "2021-06-30T23:59:00+07:00")]
    engine.dispose()


def _relation_files(engine: Engine) -> dict[str, int]:
    """PostgreSQL's data file of every table and index (a rewrite gives a relation a new one); nothing on SQLite."""
    if engine.dialect.name != "postgresql":
        return {}
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT c.relname, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"))  # fmt: skip
        return {name: node for name, node in rows}


def test_a_server_archive_opens_only_once_upgraded(postgres: PostgresServer, tmp_path: Path) -> None:
    url = fresh_database(postgres, migrated=False)
    with pytest.raises(SchemaNotCurrent, match="run `unionnews --db URL db upgrade`"):
        Archive(url)
    refused = run_cli("--db", url, "export", "-o", "-", home=tmp_path, check=False)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("unionnews: error: the archive at postgresql+psycopg://")
    assert refused.stderr.count("\n") == 1 and "has no unionnews schema yet" in refused.stderr
    upgraded = run_cli("--db", url, "db", "upgrade", home=tmp_path).stdout
    assert f"upgraded from an empty database to revision {migrations.HEAD}" in upgraded
    Archive(url).close()
    # the rest in-process: the same command, without paying the command's start-up each time
    assert _db(url, "current") == (0, f"{migrations.HEAD} (head)\n")
    assert _db(url, "check") == (0, f"ok: revision {migrations.HEAD}, schema matches the models\n")
    code, out = _db(url, "upgrade")
    assert code == 0 and "already at revision" in out


def _db(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", url, "db", *args])
    return result.exit_code, result.stdout


def test_check_reports_a_schema_that_drifted_from_the_models(pg_url: str, tmp_path: Path) -> None:
    engine = create_archive_engine(pg_url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE raw_pages DROP COLUMN etag"))
    engine.dispose()
    code, out = _db(pg_url, "check")
    assert code == 1 and "add_column: raw_pages etag" in out
    assert _db(pg_url, "current") == (0, f"{migrations.HEAD} (head)\n")  # the revision alone cannot tell


def test_an_unreachable_server_is_a_one_line_error(tmp_path: Path) -> None:
    url = f"postgresql://unionnews@127.0.0.1:{free_port()}/archive"
    result = run_cli("--db", url, "export", "-o", "-", home=tmp_path, check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("unionnews: error: cannot open the archive at postgresql+psycopg://unionnews@")
