"""The PostgreSQL search engine: the index as tables in the archive's own database, searched with text search.

For an archive on PostgreSQL shared by several machines: every one of them answers from the same index
(searches only read, and a read replica holds the same tables), and no index directory lives on any one
machine. It takes the same plain
records and answers the same requests as the embedded engine (search.engine), with the same analysis
(search.postgresql.vectors), filters (archive.filters' one table), facets, snippets and "did you mean".

Everything lives in its own schema, `unionnews_search`, beside the archive's tables and never joined to
them: `docs` (one row per article: what hits show, the filter keys, the two tsvectors, with a GIN index
on the folded one, which decides matches), `terms` (each folded syllable's document frequency, for
scores) and `spellings` (each exact syllable's frequency, titles counted twice, for suggestions), all
kept by the indexer in the transaction that changes `docs`. A score is the embedded engine's recipe in
ts_rank terms: each folded syllable's rank times its idf, side-by-side pairs worth more, and for a
query with diacritics the exact forms on top, with a bonus for an exact match. A rebuild fills a new
schema and swaps it in one transaction; searches meanwhile answer from the old one. Writers take a
PostgreSQL advisory lock, so two machines syncing one archive do not interleave.
"""

from __future__ import annotations

import math
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors

from archive.filters import ENTITY_TYPES, index_key
from search.analysis import syllables
from search.engine import Facets, IndexDocument, IndexUnavailable, SearchHit, SearchResults
from search.lock import IndexBusy
from search.postgresql.vectors import FORMAT_VERSION, Scoring, pair, single, tsquery, vectors
from search.query import Node, SearchRequest, parse_query, query_syllables
from search.snippets import snippet
from search.suggest import Vocabulary, build_vocabulary, suggest
from vnlang.collation import sort_key as collation_key
from vnlang.dates import VIETNAM
from vnlang.text import fold, nfc

SCHEMA = "unionnews_search"
_LOCK_KEY = zlib.crc32(SCHEMA.encode())  # the advisory lock of the index's writers
_LOCK_TIMEOUT = 600.0  # seconds a writer waits for another, as the embedded engine's
_MISSING = (errors.UndefinedTable, errors.InvalidSchemaName, errors.UndefinedColumn)

# ts_rank weights (D body, C captions, B unused, A title) and multipliers: the embedded engine's field
# weights (search.embedded.evaluate.WEIGHTS), as ts_rank takes none above 1.
FOLDED = "{0.6,0.3,0,1}"
EXACT, EXACT_SCALE = "{0.6667,0.3333,0,1}", 1.5
PAIRS, PAIR_SCALE = "{0.75,0.375,0,1}", 4.0
EXACT_BONUS = 1.6  # × idf: an exact match above anything a folded-only match of the syllable scores
_NORMALISE = 1  # ts_rank divides by 1 + log of the article's length: long pages do not win by length

_COLUMNS = ("id", "url", "site", "province", "province_key", "author", "author_key", "category", "category_key",
            "published", "year", "content_hash", "title", "body", "captions", *ENTITY_TYPES,
            *(f"{kind}_name" for kind in ENTITY_TYPES), "exact", "folded")  # fmt: skip
_ARRAYS = {"author_key", "category_key", *ENTITY_TYPES}  # filter keys held as arrays of words or names
_HIT = "id, url, title, published, site, province, author, category, body, captions"
# Facet values tied at the last place come back whole and are ordered alphabetically: the same names each
# search, whose keys cost a sixth of a query's time before they were kept.
sort_key = lru_cache(maxsize=65536)(collation_key)


def _tables(schema: str) -> list[str]:
    arrays = ", ".join(f"{name} text[] NOT NULL" for name in (*ENTITY_TYPES, *(f"{k}_name" for k in ENTITY_TYPES)))
    return [
        f"CREATE SCHEMA {schema}",
        f"""CREATE TABLE {schema}.docs (id bigint PRIMARY KEY, url text NOT NULL, site text NOT NULL,
            province text NOT NULL, province_key text NOT NULL, author text NOT NULL, author_key text[] NOT NULL,
            category text, category_key text[] NOT NULL, published timestamptz, year int NOT NULL,
            content_hash text NOT NULL, title text NOT NULL, body text NOT NULL, captions text NOT NULL, {arrays},
            exact tsvector NOT NULL, folded tsvector NOT NULL) WITH (toast_tuple_target = 8160)""",
        # The vectors stay in the row, compressed, and the texts go to TOAST first: a score reads the vectors
        # several times per row, and from TOAST each read is another lookup (three times the query time).
        f"ALTER TABLE {schema}.docs ALTER COLUMN folded SET STORAGE MAIN, ALTER COLUMN exact SET STORAGE MAIN",
        f"CREATE TABLE {schema}.terms (term text PRIMARY KEY, df int NOT NULL)",
        f"CREATE TABLE {schema}.spellings (term text PRIMARY KEY, weight int NOT NULL)",
        f"CREATE TABLE {schema}.meta (format int NOT NULL, docs bigint NOT NULL, generation bigint NOT NULL)",
        f"INSERT INTO {schema}.meta VALUES ({FORMAT_VERSION}, 0, 0)",
    ]


def _indexes(schema: str) -> list[str]:
    return [f"CREATE INDEX docs_folded ON {schema}.docs USING gin (folded)",
            f"CREATE INDEX docs_published ON {schema}.docs (published)",
            f"CREATE INDEX docs_site ON {schema}.docs (site)"]  # fmt: skip


def row(doc: IndexDocument) -> tuple[Any, ...]:
    """One article as a `docs` row, in _COLUMNS order: the keys filters look up, the names facets count."""
    captions = doc.caption_text
    exact, folded = vectors({"title": doc.title, "body": doc.body, "captions": captions})
    names = {kind: list(dict.fromkeys(name.replace(",", " ") for name in doc.entities(kind))) for kind in ENTITY_TYPES}
    return (doc.id, doc.url, doc.site, doc.province or "", index_key("province_key", doc.province),
            index_key("author", doc.author), list(index_key("author_key", doc.author)), doc.category,
            list(index_key("category_key", doc.category)), doc.published,
            doc.published.astimezone(VIETNAM).year if doc.published else 0, doc.content_hash, doc.title, doc.body,
            captions, *([index_key(kind, n) for n in names[kind]] for kind in ENTITY_TYPES),
            *(names[kind] for kind in ENTITY_TYPES), exact, folded)  # fmt: skip


class PostgresEngine:
    """search.engine.SearchEngine over the tables of `schema` in the database at `conninfo` (a libpq URL)."""

    def __init__(self, conninfo: str, schema: str = SCHEMA) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self._connection: psycopg.Connection[Any] | None = None
        self._vocabulary: tuple[int, Vocabulary] | None = None
        self._guard = threading.Lock()

    # connections

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo, autocommit=True, application_name="unionnews-search")

    @property
    def connection(self) -> psycopg.Connection[Any]:
        with self._guard:
            if self._connection is None or self._connection.closed:
                self._connection = self._connect()
            return self._connection

    def _missing(self) -> IndexUnavailable:
        return IndexUnavailable("there is no search index in the archive's database (or one of another version); "
                                "run `unionnews index` to build it from the archive")  # fmt: skip

    @contextmanager
    def _using(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection; a lost server becomes one IndexUnavailable, and the next call connects afresh."""
        try:
            yield self.connection
        except _MISSING:
            raise self._missing() from None
        except psycopg.OperationalError as exc:
            self.close()
            reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            raise IndexUnavailable(f"the search index in the archive's database cannot be read ({reason})") from None

    def _meta(self, connection: psycopg.Connection[Any]) -> tuple[int, int]:
        """(articles, generation) of a current index; IndexUnavailable when there is none."""
        found = connection.execute(f"SELECT format, docs, generation FROM {self.schema}.meta").fetchone()
        if found is None or found[0] != FORMAT_VERSION:
            raise self._missing()
        return int(found[1]), int(found[2])

    # writing

    def is_current(self) -> bool:
        try:
            with self._using() as connection:
                self._meta(connection)
                return True
        except IndexUnavailable:
            return False

    def reset(self) -> None:
        self._create(indexes=True)

    def _create(self, indexes: bool) -> None:
        with self._using() as connection, connection.transaction():
            connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            for statement in _tables(self.schema) + (_indexes(self.schema) if indexes else []):
                connection.execute(statement)  # type: ignore[arg-type]

    @contextmanager
    def rebuilding(self) -> Iterator[PostgresEngine]:
        """A new schema beside this one, filled and indexed, then renamed into place in one transaction.

        Searches answer from the old schema until that commit; a killed build leaves only the new
        schema, which the next rebuild drops first.
        """
        fresh = PostgresEngine(self.conninfo, f"{self.schema}_rebuild")
        fresh._create(indexes=False)  # the indexes are built once at the end: faster than row by row
        yield fresh
        with fresh._using() as connection:
            for statement in _indexes(fresh.schema):
                connection.execute(statement)  # type: ignore[arg-type]
            connection.execute(f"ANALYZE {fresh.schema}.docs")
        fresh.close()
        with self._using() as connection, connection.transaction():
            connection.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            connection.execute(f"ALTER SCHEMA {fresh.schema} RENAME TO {self.schema}")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """PostgreSQL's advisory lock, held on a connection of its own for the whole sync."""
        try:
            connection = self._connect()
        except psycopg.OperationalError as exc:
            raise IndexUnavailable(f"the archive's database cannot be reached ({str(exc).strip()[:200]})") from None
        try:
            deadline = time.monotonic() + _LOCK_TIMEOUT
            take = "SELECT pg_try_advisory_lock(%s)"
            while not connection.execute(take, (_LOCK_KEY,)).fetchone()[0]:  # type: ignore[index]
                if time.monotonic() >= deadline:
                    raise IndexBusy("the search index in the archive's database is being written by another process")
                time.sleep(0.05)
            yield
        finally:
            connection.close()  # the lock goes with the session

    def add(self, documents: Sequence[IndexDocument]) -> None:
        if not documents:
            return
        rows = [row(doc) for doc in documents]
        ids = [doc.id for doc in documents]
        s = self.schema
        with self._using() as connection, connection.transaction():
            before, _ = self._meta(connection)
            self._forget(connection, ids)
            with connection.cursor().copy(f"COPY {s}.docs ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
            connection.execute(f"""INSERT INTO {s}.terms SELECT lexeme, count(*) FROM {s}.docs,
                                   unnest(tsvector_to_array(folded)) AS lexeme WHERE id = ANY(%s) GROUP BY lexeme
                                   ON CONFLICT (term) DO UPDATE SET df = terms.df + excluded.df""", (ids,))
            connection.execute(f"""INSERT INTO {s}.spellings SELECT {_spelling_weight()} FROM {s}.docs,
                                   unnest(exact) AS u WHERE id = ANY(%s) GROUP BY u.lexeme
                                   ON CONFLICT (term) DO UPDATE SET weight = spellings.weight + excluded.weight""",
                               (ids,))  # fmt: skip
            self._count(connection)
        if before < len(documents):  # the table at least doubled: fresh statistics for the planner
            with self._using() as connection:
                connection.execute(f"ANALYZE {s}.docs")

    def _forget(self, connection: psycopg.Connection[Any], ids: list[int]) -> int:
        """Delete these articles' rows, taking their syllables out of the frequencies first."""
        s = self.schema
        connection.execute(f"""UPDATE {s}.terms AS t SET df = t.df - d.n FROM (SELECT lexeme, count(*) AS n
                               FROM {s}.docs, unnest(tsvector_to_array(folded)) AS lexeme WHERE id = ANY(%s)
                               GROUP BY lexeme) AS d WHERE t.term = d.lexeme""", (ids,))  # fmt: skip
        connection.execute(f"""UPDATE {s}.spellings AS t SET weight = t.weight - d.n FROM (SELECT {_spelling_weight()}
                               FROM {s}.docs, unnest(exact) AS u WHERE id = ANY(%s) GROUP BY u.lexeme) AS d
                               WHERE t.term = d.term""", (ids,))  # fmt: skip
        return connection.execute(f"DELETE FROM {s}.docs WHERE id = ANY(%s)", (ids,)).rowcount

    def _count(self, connection: psycopg.Connection[Any]) -> None:
        connection.execute(f"UPDATE {self.schema}.meta SET docs = (SELECT count(*) FROM {self.schema}.docs), "
                           "generation = generation + 1")  # fmt: skip

    def delete(self, ids: Iterable[int]) -> int:
        ids = list(ids)
        if not ids or not self.is_current():
            return 0
        with self._using() as connection, connection.transaction():
            removed = self._forget(connection, ids)
            self._count(connection)
        return removed

    def hashes(self) -> dict[int, str]:
        if not self.is_current():
            return {}
        with self._using() as connection:
            return dict(connection.execute(f"SELECT id, content_hash FROM {self.schema}.docs").fetchall())

    def count(self) -> int:
        if not self.is_current():
            return 0
        with self._using() as connection:
            return self._meta(connection)[0]

    # reading

    def search(self, request: SearchRequest) -> SearchResults:
        request.validate()
        node = request.query()
        with self._using() as connection:
            self._meta(connection)
            return self._search(connection, request, node)

    def _search(self, connection: psycopg.Connection[Any], request: SearchRequest, node: Node | None) -> SearchResults:
        accented = fold(request.text) != nfc(request.text).lower()
        query = _Query(self.schema, connection, request, node, accented)
        start = (request.page - 1) * request.limit
        if request.facets:
            ranked, total, facets = self._page_and_facets(connection, query, request.limit, start, request.facet_limit)
        else:
            ranked, total = query.page(request.limit, start)
            facets = {}
        rows = {row[0]: row for row in connection.execute(f"SELECT {_HIT} FROM {self.schema}.docs WHERE id = ANY(%s)",
                                                          ([found_id for found_id, _ in ranked],))}  # fmt: skip
        found = [(*rows[found_id], score) for found_id, score in ranked]
        terms = query_syllables(node) if node is not None else set()
        exact = frozenset(s.text for s in syllables(request.text)) if accented else frozenset()
        hits = [SearchHit(id=hit_id, url=url, title=title, published=published.astimezone(UTC) if published else None,
                          site=site, province=province or None, author=author or None, category=category,
                          score=round(float(score), 4), snippet=snippet(body, terms, exact, captions))
                for hit_id, url, title, published, site, province, author, category, body, captions, score in found]  # fmt: skip
        suggestion = self._suggestion(connection, request) if total == 0 and node is not None else None
        return SearchResults(hits, total, request.page, -(-total // request.limit), facets, suggestion)

    def _page_and_facets(self, connection: psycopg.Connection[Any], query: _Query, limit: int, offset: int,
                         facet_limit: int) -> tuple[list[tuple[int, float]], int, Facets]:  # fmt: skip
        """A page of (id, score), the total and every facet, in one statement: the matches are found and
        scored once. Facet ties in Vietnamese alphabetical order."""
        names = ", ".join(f"{kind}_name" for kind in ENTITY_TYPES)
        entities = " ".join(f"UNION ALL SELECT '{kind}', v, count(*) FROM m, unnest(m.{kind}_name) AS v GROUP BY v"
                            for kind in ENTITY_TYPES)  # fmt: skip
        sql = f"""WITH m AS MATERIALIZED (SELECT id, published, {query.score} AS score, site, province, year, author,
                  {names} FROM {self.schema}.docs WHERE {query.where})
                  SELECT 'hit', id::text, score::float8, row_number() OVER (ORDER BY {query.order})
                  FROM (SELECT id, published, score FROM m ORDER BY {query.order} LIMIT %s OFFSET %s) AS page
                  UNION ALL SELECT facet, value, n::float8, 0 FROM (
                    SELECT *, rank() OVER (PARTITION BY facet ORDER BY n DESC) AS r FROM (
                      SELECT 'total' AS facet, '' AS value, count(*) AS n FROM m
                      UNION ALL SELECT 'site', site, count(*) FROM m GROUP BY site
                      UNION ALL SELECT 'province', province, count(*) FROM m WHERE province <> '' GROUP BY province
                      UNION ALL SELECT 'year', year::text, count(*) FROM m WHERE year > 0 GROUP BY year
                      UNION ALL SELECT 'author', author, count(*) FROM m WHERE author <> '' GROUP BY author
                      {entities}) AS counted) AS ranked WHERE r <= %s"""  # fmt: skip
        found: dict[str, list[tuple[str, int]]] = {"site": [], "province": [], "year": [], "author": [],
                                                   **{kind: [] for kind in ENTITY_TYPES}}  # fmt: skip
        page: list[tuple[int, int, float]] = []
        total = 0
        params = [*query.score_params, *query.where_params, limit, offset, facet_limit]
        for facet, value, n, order in connection.execute(sql, params):  # type: ignore[arg-type]
            if facet == "hit":
                page.append((order, int(value), n))
            elif facet == "total":
                total = int(n)
            else:
                found[facet].append((value, int(n)))
        facets = {name: sorted(values, key=lambda item: (-item[1], sort_key(item[0])))[:facet_limit]
                  for name, values in found.items()}  # fmt: skip
        facets["year"].sort(reverse=True)
        return [(found_id, score) for _, found_id, score in sorted(page)], total, facets

    def ranked_ids(self, request: SearchRequest) -> list[int]:
        """Every matching article id in the search's order, without snippets or facets."""
        request.validate()
        node = request.query()
        with self._using() as connection:
            self._meta(connection)
            query = _Query(self.schema, connection, request, node, fold(request.text) != nfc(request.text).lower())
            return [found_id for found_id, _ in query.ranked()]

    def _suggestion(self, connection: psycopg.Connection[Any], request: SearchRequest) -> str | None:
        """A respelling of the query, offered only if it finds something under the same filters."""

        def known(folded: str) -> bool:
            sql = f"SELECT 1 FROM {self.schema}.terms WHERE term = %s AND df > 0"
            return connection.execute(sql, (folded,)).fetchone() is not None  # type: ignore[arg-type]

        text = suggest(request.text, known, lambda: self._words(connection))
        if text is None:
            return None
        found = _Query(self.schema, connection, request, parse_query(text), accented=False)
        return text if found.count() else None

    def _words(self, connection: psycopg.Connection[Any]) -> Vocabulary:
        """The vocabulary of suggestions, read once per index generation."""
        _, generation = self._meta(connection)
        if self._vocabulary is None or self._vocabulary[0] != generation:
            spellings = connection.execute(f"SELECT term, weight FROM {self.schema}.spellings WHERE weight > 0")
            self._vocabulary = (generation, build_vocabulary(dict(spellings.fetchall())))
        return self._vocabulary[1]

    def warm(self) -> None:
        """Read the vocabulary of suggestions now rather than at the first query that finds nothing."""
        try:
            with self._using() as connection:
                self._words(connection)
        except IndexUnavailable:
            return  # nothing to warm: the searches say why

    def close(self) -> None:
        with self._guard:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def pair_idf(before: float, after: float) -> float:
    """The idf of two syllables side by side, with no pair frequencies kept: as if independent, so the
    pair's share of articles is the product of theirs, and its idf the sum (bench/search_quality.py
    measured it against the larger of the two: nDCG@10 0.989 against 0.978)."""
    return before + after


def _spelling_weight() -> str:
    """A syllable's count for suggestions from one article's exact vector: 2 in the title (weight A), 1 in the body."""
    return ("u.lexeme AS term, sum((CASE WHEN 'A' = ANY(u.weights) THEN 2 ELSE 0 END) + "
            "(CASE WHEN 'D' = ANY(u.weights) THEN 1 ELSE 0 END)) AS n")  # fmt: skip


class _Query:
    """One request as SQL: the WHERE clause (text match and filters), the score and the order."""

    def __init__(self, schema: str, connection: psycopg.Connection[Any], request: SearchRequest, node: Node | None,
                 accented: bool) -> None:  # fmt: skip
        self.schema = schema
        self.connection = connection
        where: list[str] = []
        self.where_params: list[Any] = []
        self.score, self.score_params = "0", []
        if node is not None:
            where.append("folded @@ %s::tsquery")
            self.where_params.append(tsquery(node))
            self._scores(Scoring(accented).node(node))
        for filter_row, values in request.filters.items():
            if filter_row.dated:
                continue
            column = filter_row.index_field
            tests = []
            for value in values:
                key = filter_row.key(value)
                if column in _ARRAYS:
                    tests.append(f"{column} @> %s::text[]")
                    self.where_params.append([key] if isinstance(key, str) else list(key))
                else:
                    tests.append(f"{column} = %s")
                    self.where_params.append(key)
            where.append("(" + (" AND " if filter_row.every else " OR ").join(tests) + ")")
        first, last = request.filters.published()
        if first:
            where.append("published >= %s")
            self.where_params.append(first)
        if last:
            where.append("published <= %s")
            self.where_params.append(last)
        self.where = " AND ".join(where) or "true"
        by_date = request.sort == "date" or node is None
        self.order = "published DESC NULLS LAST, score DESC, id" if by_date else "score DESC, id"

    def _scores(self, scoring: Scoring) -> None:
        """The score as SQL: idf-weighted ts_rank terms (idf as the embedded engine's BM25 takes it)."""
        s = self.schema
        folded = sorted(set(scoring.folded_terms()))
        docs = self.connection.execute(f"SELECT docs FROM {s}.meta").fetchone()[0]  # type: ignore[index]
        df = dict(self.connection.execute(f"SELECT term, df FROM {s}.terms WHERE term = ANY(%s)", (folded,)).fetchall())

        def idf(term: str) -> float:
            n = max(df.get(term, 0), 0)
            return math.log(1.0 + (docs - n + 0.5) / (n + 0.5))

        parts: list[str] = []
        params: list[Any] = []
        for term, times in scoring.syllables.items():
            parts.append(f"%s * ts_rank('{FOLDED}', folded, %s::tsquery, {_NORMALISE})")
            params += [times * idf(term), single(term)]
        for (before, after), times in scoring.pairs.items():
            parts.append(f"%s * (CASE WHEN folded @@ %s::tsquery THEN ts_rank('{PAIRS}', folded, %s::tsquery, "
                         f"{_NORMALISE}) ELSE 0 END)")  # fmt: skip
            params += [times * PAIR_SCALE * pair_idf(idf(before), idf(after)), pair(before, after), pair(before, after)]
        for text, times in scoring.exact.items():
            parts.append(f"%s * ({EXACT_SCALE} * ts_rank('{EXACT}', exact, %s::tsquery, {_NORMALISE}) + "
                         f"CASE WHEN exact @@ %s::tsquery THEN {EXACT_BONUS} ELSE 0 END)")  # fmt: skip
            params += [times * idf(fold(text)), single(text), single(text)]
        if parts:
            self.score, self.score_params = "(" + " + ".join(parts) + ")", params

    def ranked(self, limit: int | None = None, offset: int = 0) -> list[tuple[int, float]]:
        """(id, score) of the matches in order, `limit` of them from `offset` (None: all)."""
        sql = f"SELECT id, {self.score} AS score FROM {self.schema}.docs WHERE {self.where} ORDER BY {self.order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        found = self.connection.execute(sql, [*self.score_params, *self.where_params])  # type: ignore[arg-type]
        return [(found_id, float(score)) for found_id, score in found]

    def page(self, limit: int, offset: int) -> tuple[list[tuple[int, float]], int]:
        """A page of (id, score) and the total: two statements, as the count needs no score (a window
        count over the scored rows measured slower)."""
        return self.ranked(limit, offset), self.count()

    def count(self) -> int:
        sql = f"SELECT count(*) FROM {self.schema}.docs WHERE {self.where}"
        return int(self.connection.execute(sql, self.where_params).fetchone()[0])  # type: ignore[arg-type, index]

