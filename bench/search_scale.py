"""Search at scale: index build time, size, query latency and incremental indexing of both engines, beside SQLite FTS5.

    python3 -m bench.search_scale [--articles 100000] [--queries 200] [--workdir DIR]

Generates realistic articles (bench/search_corpus.py) into a fresh SQLite archive, indexes them with
unionnews's embedded engine and its PostgreSQL engine (`unionnews.indexing.sync`; PostgreSQL in a local
throwaway server with fsync on, tests/support/postgres.py, reading a copy of the archive so each
engine's sync finds every article) and, from the same rows, an FTS5 table (unicode61 remove_diacritics 2)
in the same run. Latency is measured over the same mixed queries in one warm process, as the web app
runs: unionnews answers with the total, facets and snippets; FTS5 with its top 10 by bm25 and snippets.
Then 1,000 new articles are added and synced into the big indexes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from archive.filters import Filters
from archive.models import Article as ArticleRow
from archive.models import Site
from archive.store import Archive
from bench.search_corpus import GeneratedArticle, Generator, write_articles
from search.embedded.engine import EmbeddedEngine
from search.engine import SearchEngine
from search.postgresql.engine import SCHEMA, PostgresEngine
from search.query import SearchRequest
from tests.support.postgres import PostgresServer
from unionnews.indexing import libpq_url, sync
from vnlang.text import fold

WORDS = ("công đoàn", "cong doan", "người lao động", "nguoi lao dong", "đoàn viên", "an toàn vệ sinh lao động",
         "mái ấm công đoàn", "giao ước thi đua", "Tháng Công nhân", "hòa", "hoà", "sức khoẻ", "thủy", "khoẻ",
         "doanh nghiệp", "tập huấn", "Tết Sum vầy", "phúc lợi đoàn viên", "đối thoại", "quan hệ lao động hài hòa",
         "kinh phí công đoàn", "bảo hiểm xã hội", "Bắc Kạn", "Lạng Sơn", "Sơn La", "Thái Nguyên", "khu công nghiệp",
         "chăm lo", "tai nạn lao động", "co sở", "đuợc", "Thuờng trực", "nữ công", "thi đua", "khen thưởng")  # fmt: skip
ABBREVIATIONS = ("LĐLĐ", "CĐCS", "CNVCLĐ", "UBND", "BHXH", "ATVSLĐ", "NLĐ", "KCN")


@dataclass(frozen=True)
class BenchQuery:
    text: str
    fts: str  # the same query in FTS5 syntax
    site: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"


def _fts(text: str) -> str:
    """FTS5 has no operators of ours to translate here: words ANDed, quotes kept, đ left as typed."""
    return " ".join(f'"{w}"' for w in text.replace('"', "").split()) if '"' not in text else text


def mixed_queries(count: int, people: list[str], sites: list[str], seed: int = 7) -> list[BenchQuery]:
    r = random.Random(seed)
    queries: list[BenchQuery] = []
    while len(queries) < count:
        kind = len(queries) % 8
        if kind == 0:
            text = r.choice(WORDS)
        elif kind == 1:
            text = f'"{r.choice(WORDS)}"'
        elif kind == 2:
            text = f"{r.choice(ABBREVIATIONS)} {r.choice(WORDS)}"
        elif kind == 3:
            text = fold(r.choice(WORDS) + " " + r.choice(WORDS))
        elif kind == 4:
            text = r.choice(people)
        elif kind == 5:
            year = r.randint(2013, 2024)
            queries.append(BenchQuery(r.choice(WORDS), _fts(r.choice(WORDS)), date_from=date(year, 1, 1),
                                      date_to=date(year, 12, 31)))  # fmt: skip
            continue
        elif kind == 6:
            word = r.choice(WORDS)
            queries.append(BenchQuery(word, _fts(word), site=r.choice(sites)))
            continue
        else:
            word = r.choice(WORDS)
            queries.append(BenchQuery(word, _fts(word), sort="date"))
            continue
        queries.append(BenchQuery(text, _fts(text)))
    return queries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build_fts(db: Path, articles: list[GeneratedArticle]) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta(id INTEGER PRIMARY KEY, site TEXT, published TEXT)")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    add_fts(con, articles, 1)
    con.close()
    return time.perf_counter() - started


def add_fts(con: sqlite3.Connection, articles: list[GeneratedArticle], first_id: int) -> None:
    with con:
        con.executemany("INSERT INTO meta VALUES (?, ?, ?)",
                        ((first_id + i, a.site, a.published.isoformat()) for i, a in enumerate(articles)))  # fmt: skip
        con.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                        ((first_id + i, a.title, a.body) for i, a in enumerate(articles)))  # fmt: skip


def fts_search(con: sqlite3.Connection, q: BenchQuery) -> int:
    where, args = ["fts MATCH ?"], [q.fts]
    if q.site:
        where.append("meta.site = ?")
        args.append(q.site)
    if q.date_from:
        where.append("meta.published BETWEEN ? AND ?")
        args += [q.date_from.isoformat(), f"{q.date_to.isoformat()}T23:59:59"]
    order = "meta.published DESC" if q.sort == "date" else "bm25(fts, 4.0, 1.0)"
    sql = (f"SELECT fts.rowid, snippet(fts, 1, '<mark>', '</mark>', ' … ', 24) FROM fts JOIN meta ON meta.id = "
           f"fts.rowid WHERE {' AND '.join(where)} ORDER BY {order} LIMIT 10")  # fmt: skip
    return len(con.execute(sql, args).fetchall())


def postgres_size(engine: PostgresEngine) -> int:
    """Bytes of the engine's tables, their TOAST and indexes."""
    sql = ("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
           "WHERE n.nspname = %s AND c.relkind = 'r'")  # fmt: skip
    return int(engine.connection.execute(sql, (SCHEMA,)).fetchone()[0])  # type: ignore[index]


def _people_and_sites(archive: Archive) -> tuple[list[str], list[str]]:
    with archive.session() as session:
        rows = session.scalars(select(ArticleRow.entities).order_by(ArticleRow.id).limit(500))
        people = [e["name"] for entities in rows for e in entities if e["type"] == "person"]
        sites = sorted(session.scalars(select(Site.name)))
    return people, sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--new", type=int, default=1000, help="articles added for the incremental sync")
    parser.add_argument("--workdir", type=Path, help="keep the archive and indexes here (default: a temp dir)")
    parser.add_argument("--reuse", action="store_true", help="query (and grow) the indexes already in --workdir "
                        "instead of generating and building them")  # fmt: skip
    parser.add_argument("--no-postgresql", action="store_true", help="leave the PostgreSQL engine out (its column "
                        "shows –): at a million articles it takes longer than the rest together")  # fmt: skip
    args = parser.parse_args()
    if args.no_postgresql:
        return run(args, None)
    with PostgresServer(durable=True) as server:
        run(args, server)


def run(args: argparse.Namespace, server: PostgresServer | None) -> None:
    work = args.workdir or Path(tempfile.mkdtemp(prefix="unionnews-scale-"))
    reuse = args.reuse and (work / "index").is_dir() and (work / "fts.sqlite3").is_file()
    if not reuse:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    archive = Archive(f"sqlite:///{work / 'archive.sqlite3'}")
    index = EmbeddedEngine(work / "index")
    generator = Generator()
    build = fts_build = None
    if reuse:
        generator.serial = archive.count_articles()
        print(f"reusing the {generator.serial:,} articles and both indexes in {work}")
    else:
        articles = [generator.article() for _ in range(args.articles)]
        for start in range(0, len(articles), 5000):
            write_articles(archive, articles[start : start + 5000])
        print(f"{len(articles):,} generated articles in {work} (2 cores shared; figures are wall-clock)")
        started = time.perf_counter()
        sync(index, archive)
        build = time.perf_counter() - started
        fts_build = build_fts(work / "fts.sqlite3", articles)
        del articles
    new_articles = [generator.article() for _ in range(args.new)]
    postgres = pg_archive = pg_build = None
    if server is not None:
        archive.close()
        shutil.copyfile(work / "archive.sqlite3", work / "archive-pg.sqlite3")  # the PostgreSQL engine syncs its own
        archive = Archive(f"sqlite:///{work / 'archive.sqlite3'}")
        pg_archive = Archive(f"sqlite:///{work / 'archive-pg.sqlite3'}")
        postgres = PostgresEngine(libpq_url(server.create_database("search")))
        started = time.perf_counter()
        sync(postgres, pg_archive)
        pg_build = time.perf_counter() - started

    people, sites = _people_and_sites(archive)
    queries = mixed_queries(args.queries, people, sites)
    started = time.perf_counter()
    index.warm()
    snapshot = index.snapshot()
    assert snapshot is not None
    warmup = time.perf_counter() - started

    def ours_once(q: BenchQuery, engine: SearchEngine = index) -> float:
        where = Filters(sites=(q.site,) if q.site else (), date_from=q.date_from, date_to=q.date_to)
        request = SearchRequest(q.text, filters=where, sort=q.sort)
        started = time.perf_counter()
        engine.search(request)
        return (time.perf_counter() - started) * 1000

    ours = [ours_once(q) for q in queries]
    again = [ours_once(q) for q in queries]  # every term's postings now in memory
    cold: list[float] = []  # the same queries with the per-term caches emptied before each
    for q in queries:
        snapshot.drop_caches()
        cold.append(ours_once(q))
    pg: list[float] = []
    pg_again: list[float] = []
    if postgres is not None:
        postgres.warm()
        pg = [ours_once(q, postgres) for q in queries]
        pg_again = [ours_once(q, postgres) for q in queries]
    con = sqlite3.connect(work / "fts.sqlite3")
    theirs: list[float] = []
    for q in queries:
        started = time.perf_counter()
        fts_search(con, q)
        theirs.append((time.perf_counter() - started) * 1000)

    write_articles(archive, new_articles)
    started = time.perf_counter()
    added = sync(index, archive)
    incremental = time.perf_counter() - started
    pg_incremental = None
    if postgres is not None and pg_archive is not None:
        write_articles(pg_archive, new_articles)
        started = time.perf_counter()
        sync(postgres, pg_archive)
        pg_incremental = time.perf_counter() - started
    first_id = con.execute("SELECT max(id) FROM meta").fetchone()[0] + 1
    started = time.perf_counter()
    add_fts(con, new_articles, first_id)
    fts_incremental = time.perf_counter() - started
    count = archive.count_articles() - added

    def seconds(value: float | None, missing: str = "(reused)") -> str:
        return f"{value:12.1f}" if value is not None else f"{missing:>12}"

    def timing(values: list[float], measure: Callable[[list[float]], float]) -> str:
        return seconds(measure(values) if values else None, "–")

    print(f"\n{count:,} articles{'':22} {'embedded':>12} {'PostgreSQL':>12} {'SQLite FTS5':>12}")
    pg_size = postgres_size(postgres) / 1e6 if postgres is not None else None
    print(f"{'index build (s)':34} {seconds(build)} {seconds(pg_build, '–')} {seconds(fts_build)}")
    print(f"{'index size (MB)':34} {dir_size(work / 'index') / 1e6:12.1f} {seconds(pg_size, '–')}"
          f" {(work / 'fts.sqlite3').stat().st_size / 1e6:12.1f}")  # fmt: skip
    def p95(values: list[float]) -> float:
        return percentile(values, 95)

    for name, measure in (("p50", statistics.median), ("p95", p95), ("max", max)):
        print(f"{f'query {name} (ms)':34} {measure(ours):12.1f} {timing(pg, measure)} {measure(theirs):12.1f}")
    print(f"{'query p50 / p95, cold caches (ms)':34} {statistics.median(cold):5.1f} /{percentile(cold, 95):5.1f}")
    pg_second = f" {statistics.median(pg_again):5.1f} /{percentile(pg_again, 95):5.1f}" if pg_again else ""
    print(f"{'query p50 / p95, second pass (ms)':34} {statistics.median(again):5.1f} /{percentile(again, 95):5.1f}"
          f"{pg_second}")  # fmt: skip
    print(f"{f'incremental +{added:,} articles (s)':34} {incremental:12.1f} {seconds(pg_incremental, '–')}"
          f" {fts_incremental:12.1f}")  # fmt: skip
    print(f"\nunionnews: snapshot load {warmup:.1f} s (lengths, facet columns, entity tables, vocabulary: once per index"
          f" generation); {len(queries)} mixed queries with"
          " total, facets and snippets, in one warm process; FTS5: top 10 by bm25 with snippets")  # fmt: skip
    if postgres is not None and pg_archive is not None:
        postgres.close()
        pg_archive.close()
    archive.close()


if __name__ == "__main__":
    main()
