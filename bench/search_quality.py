"""Search quality: recall@10 and nDCG@10 of both unionnews engines beside plain Whoosh and SQLite FTS5, same run.

    python3 -m bench.search_quality [--verbose] [--ablations]

Both engines of unionnews are filled by the same sync from the same archive: the embedded one
("unionnews") and the PostgreSQL one ("unionnews PostgreSQL", in a throwaway local server,
tests/support/postgres.py).

The articles are the 28 demo articles plus the judged test articles in tests/data/search/articles.toml;
the queries and their judged relevant articles are in tests/data/search/queries.toml (accent-free, old
and new tone marks, damaged text, abbreviations, phrases, names). Baselines: a Whoosh index with
StandardAnalyzer on title and body (MultifieldParser, terms ANDed), and an FTS5 table with
`unicode61 remove_diacritics 2` ranked by bm25 (title weighted 4:1, as unionnews weights titles).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sqlite3
import tempfile
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from unittest import mock

from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

from archive.store import Archive, FetchedPage
from cleaner.article import CleanedArticle
from search.embedded import evaluate
from search.embedded.engine import EmbeddedEngine
from search.engine import SearchEngine
from search.postgresql.engine import PostgresEngine
from search.query import SearchRequest
from tests.support.postgres import PostgresServer
from unionnews.demo.content import load_sites
from unionnews.indexing import libpq_url, sync
from vnlang.abbreviations import parse

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "search"
K = 10


@dataclass(frozen=True)
class Doc:
    key: str
    site: str
    province: str
    title: str
    body: str
    published: datetime


@dataclass(frozen=True)
class Judged:
    kind: str
    text: str
    relevant: frozenset[str]


def load_docs() -> list[Doc]:
    docs = [Doc(f"d{a.id}", name, site.province, a.title, a.body, a.published)
            for name, site in load_sites().items() for a in site.articles]  # fmt: skip
    for a in tomllib.loads((DATA / "articles.toml").read_text(encoding="utf-8"))["articles"]:
        docs.append(Doc(a["key"], a["site"], a["province"], a["title"], a["body"],
                        datetime.fromisoformat(a["published"])))  # fmt: skip
    return docs


def load_queries() -> list[Judged]:
    raw = tomllib.loads((DATA / "queries.toml").read_text(encoding="utf-8"))["queries"]
    return [Judged(q["kind"], q["text"], frozenset(q["relevant"])) for q in raw]


def unionnews_systems(docs: list[Doc], work: Path, postgres: PostgresServer) -> dict[str, Callable[[str], list[str]]]:
    """Both engines, each filled by the app's sync from one archive."""
    archive = Archive(f"sqlite:///{work / 'archive.sqlite3'}")
    keys: dict[str, str] = {}
    for doc in docs:
        site_id = archive.ensure_site(doc.site, doc.province)
        url = f"https://{doc.site}.example.vn/{doc.key}.html"
        archive.store_page(site_id, FetchedPage(url, b""), CleanedArticle(url, doc.title, doc.body, doc.published))
        keys[url] = doc.key
    engines: dict[str, SearchEngine] = {
        "unionnews": EmbeddedEngine(work / "index"),
        "unionnews PostgreSQL": PostgresEngine(libpq_url(postgres.create_database("quality"))),
    }
    for engine in engines.values():
        sync(engine, archive)  # an engine without an index: every article
    archive.close()

    def system(engine: SearchEngine) -> Callable[[str], list[str]]:
        return lambda text: [keys[h.url] for h in engine.search(SearchRequest(text, limit=K, facets=False)).hits]

    return {name: system(engine) for name, engine in engines.items()}


def whoosh_system(docs: list[Doc], work: Path) -> Callable[[str], list[str]]:
    analyzer = StandardAnalyzer()
    schema = Schema(key=ID(stored=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
    (work / "plain").mkdir()
    ix = whoosh_index.create_in(str(work / "plain"), schema)
    with ix.writer() as writer:
        for doc in docs:
            writer.add_document(key=doc.key, title=doc.title, body=doc.body)
    parser = MultifieldParser(["title", "body"], ix.schema)

    def run(text: str) -> list[str]:
        with ix.searcher() as searcher:
            return [hit["key"] for hit in searcher.search(parser.parse(text), limit=K)]

    return run


def fts_system(docs: list[Doc], work: Path) -> Callable[[str], list[str]]:
    con = sqlite3.connect(work / "fts.sqlite3")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(key UNINDEXED, title, body, "
                "tokenize='unicode61 remove_diacritics 2')")  # fmt: skip
    with con:
        con.executemany("INSERT INTO fts VALUES (?, ?, ?)", ((d.key, d.title, d.body) for d in docs))

    def run(text: str) -> list[str]:
        match = text if '"' in text else " ".join(f'"{word}"' for word in text.split())
        sql = "SELECT key FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 0.0, 4.0, 1.0) LIMIT ?"
        return [row[0] for row in con.execute(sql, (match, K))]

    return run


def recall(found: list[str], relevant: frozenset[str]) -> float:
    return len(relevant & set(found[:K])) / len(relevant)


def ndcg(found: list[str], relevant: frozenset[str]) -> float:
    gain = sum(1 / math.log2(rank + 2) for rank, key in enumerate(found[:K]) if key in relevant)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(K, len(relevant))))
    return gain / ideal


def _ablation(name: str) -> contextlib.AbstractContextManager[object]:
    """unionnews with one of its choices switched off, to measure what each one is worth."""
    if name == "no bigram scores":
        return mock.patch.dict(evaluate.WEIGHTS, {"title_bi": 0.0, "body_bi": 0.0, "captions_bi": 0.0})
    if name == "no exact-form scores":
        return mock.patch.object(evaluate.Evaluation, "exact", lambda self, text: None)
    return mock.patch("search.query.load", lambda: parse([]))  # no abbreviation expansion


def _ablated(name: str, system: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    def run(text: str) -> list[str]:
        with _ablation(name):
            return system(text)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print each query's scores")
    parser.add_argument("--ablations", action="store_true", help="also unionnews without bigrams, exact forms, "
                        "abbreviation expansion")  # fmt: skip
    args = parser.parse_args()
    docs, queries = load_docs(), load_queries()
    with tempfile.TemporaryDirectory() as tmp, PostgresServer() as postgres:
        work = Path(tmp)
        systems = {**unionnews_systems(docs, work, postgres), "Whoosh StandardAnalyzer": whoosh_system(docs, work),
                   "SQLite FTS5": fts_system(docs, work)}  # fmt: skip
        if args.ablations:  # of the embedded engine
            for name in ("no bigram scores", "no exact-form scores", "no abbreviations"):
                systems[name] = _ablated(name, systems["unionnews"])
        scores: dict[str, dict[str, list[tuple[float, float]]]] = {name: defaultdict(list) for name in systems}
        for q in queries:
            line = []
            for name, system in systems.items():
                found = system(q.text)
                pair = (recall(found, q.relevant), ndcg(found, q.relevant))
                scores[name][q.kind].append(pair)
                scores[name]["all"].append(pair)
                line.append(f"{pair[0]:.2f}/{pair[1]:.2f}")
            if args.verbose:
                print(f"{q.kind:13} {q.text[:44]:44} " + "  ".join(line))
    kinds = ["all", *sorted({q.kind for q in queries})]
    print(f"\n{len(docs)} articles, {len(queries)} judged queries; recall@{K} / nDCG@{K}\n")
    print(f"{'queries':14}{'n':>4}  " + "".join(f"{name:>26}" for name in systems))
    for kind in kinds:
        n = len(scores["unionnews"][kind])
        cells = []
        for name in systems:
            pairs = scores[name][kind]
            cells.append(f"{sum(p[0] for p in pairs) / n:.3f} / {sum(p[1] for p in pairs) / n:.3f}")
        print(f"{kind:14}{n:>4}  " + "".join(f"{cell:>26}" for cell in cells))


if __name__ == "__main__":
    main()
