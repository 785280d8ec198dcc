"""Bulk indexing (search.embedded.counting and .batch) writes the index Whoosh's own path per document wrote.

The reference is the path it replaced: Whoosh's add_document, each text field counting its analyser's
terms per document. Both indexes are read back field by field and term by term, and searched with the
judged queries of bench/search_quality.py (tests/data/search) for the same hits with the same scores.
"""

from __future__ import annotations

import os
import tomllib
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from archive.store import Archive, FetchedPage
from archive.tombstones import delete_articles
from cleaner.article import CleanedArticle
from search.embedded import counting, engine
from search.embedded.analyzers import bigram_analyzer, exact_analyzer, folded_analyzer
from search.embedded.counting import BIGRAMS, EXACT, FOLDED
from search.embedded.postings import field_lengths, read_postings
from search.embedded.schema import COUNTED, CountedText
from search.embedded.version import FORMAT_VERSION, VERSION_FILE
from search.query import SearchRequest
from unionnews.demo.content import load_sites
from unionnews.indexing import rebuild, sync

JUDGED = Path(__file__).resolve().parent / "data" / "search"

TEXTS = [
    "Người lao động được chăm lo, LĐLĐ tỉnh Bắc Kạn hỗ trợ 18.000 đồng.",
    "Hoà bình và sức khoẻ: thuỷ lợi\n\nđuợc co sở  ĐOÀN VIÊN\tcông\u00a0đoàn",
    "Cafe\u0301 x\u0301 y\u0323 - \u0301đầu dòng,   cuối.",  # stray combining marks: folding shortens the text
    "",
    "a.5b c,1 d — “Mái ấm công đoàn”",
]


def test_counted_terms_are_the_analysers_terms() -> None:
    """Each field counts, per document, exactly the terms its query-side analyser gives."""
    texts = [*TEXTS, *_demo_bodies()[:3]]
    fields = {"exact": ("text", EXACT), "folded": ("text", FOLDED), "bigrams": ("text", BIGRAMS)}
    counted = counting.count_serial({"text": texts}, fields)
    for field, analyzer in zip(fields, (exact_analyzer(), folded_analyzer(), bigram_analyzer()), strict=True):
        counts = counted[field]
        for doc, text in enumerate(texts):
            mine = counts.docs == doc
            got = {counts.terms[t]: int(n) for t, n in zip(counts.term_ids[mine], counts.freqs[mine], strict=True)}
            expected = Counter(term for term, _, _ in analyzer.terms(text))
            assert got == expected and counts.lengths[doc] == expected.total(), (field, text)
        assert counts.terms == sorted(counts.terms)
    assert counted["bigrams"].terms.count("cong\u00a0doan") == 1  # a single whitespace character is kept


def _demo_bodies() -> list[str]:
    return [" ".join((a.lead, *a.paragraphs)) for site in load_sites().values() for a in site.articles]


def _generated(count: int) -> list[dict[str, Any]]:
    """`count` documents of the demo sites' text, each a different mix of two articles."""
    bodies = _demo_bodies()
    titles = [a.title for site in load_sites().values() for a in site.articles]
    return [{"title": titles[i % len(titles)], "body": f"{bodies[i % len(bodies)]}\n\n{bodies[(7 * i) % len(bodies)]}",
             "captions": "Ảnh: Hội nghị công đoàn" if i % 3 else "", "author_key": f"Nguyễn Văn {i % 13}",
             "category_key": "Hoạt động công đoàn"} for i in range(count)]  # fmt: skip


def test_two_processes_count_the_postings_one_does(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = _generated(counting.PARALLEL_MIN + 1)
    texts = {source: [doc[source] for doc in documents] for source, _ in COUNTED.values()}
    serial = counting.count_serial(texts, COUNTED)
    contexts: list[str] = []
    get_context = counting.multiprocessing.get_context
    monkeypatch.setattr(counting.multiprocessing, "get_context", lambda method: contexts.append(method) or
                        get_context(method))  # fmt: skip
    monkeypatch.setattr(counting.os, "cpu_count", lambda: 2)  # the parallel path on a one-core machine too
    ran_meanwhile = []
    parallel, parts = counting.count(documents, COUNTED, meanwhile=lambda: ran_meanwhile.append(True), also=len)
    assert ran_meanwhile == [True] and contexts == ["fork"] and parts == [200, 201]  # `also` of each half
    for field in COUNTED:
        assert parallel[field].terms == serial[field].terms, field
        for name in ("term_ids", "docs", "freqs", "lengths"):
            assert np.array_equal(getattr(parallel[field], name), getattr(serial[field], name)), (field, name)
    body = parallel["body"]
    assert len(set(body.docs.tolist())) == len(documents)  # both halves present, numbered in one sequence
    # the last document, counted by the second process
    expected = Counter(term for term, _, _ in exact_analyzer().terms(documents[-1]["body"]))
    last = body.docs == len(documents) - 1
    assert {body.terms[t]: int(n) for t, n in zip(body.term_ids[last], body.freqs[last], strict=True)} == expected


def _die(documents: Any) -> None:
    os._exit(1)  # a worker killed while counting


def test_a_worker_that_dies_fails_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a sync left waiting forever, holding the index's lock."""
    monkeypatch.setattr(counting.os, "cpu_count", lambda: 2)
    with pytest.raises(BrokenProcessPool):
        counting.count(_generated(counting.PARALLEL_MIN), COUNTED, meanwhile=lambda: None, also=_die)


def _whoosh_index(self: CountedText, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
    """The per-document path bulk indexing replaced: the field's analyser, counted document by document."""
    counts = Counter(token.text for token in self.analyzer(value))
    return ((term.encode("utf-8"), n, float(n), b"") for term, n in counts.items())


def _per_document(writer: Any, documents: list[dict[str, Any]]) -> None:
    for fields in documents:
        writer.add_document(**fields)


def _judged_articles() -> list[tuple[str, str, str, str, str, datetime]]:
    """(site, province, key, title, body, published) of the demo sites' articles and the judged ones."""
    articles = [(name, site.province, f"d{a.id}", a.title, a.body, a.published)
                for name, site in load_sites().items() for a in site.articles]  # fmt: skip
    for a in tomllib.loads((JUDGED / "articles.toml").read_text(encoding="utf-8"))["articles"]:
        published = datetime.fromisoformat(a["published"])
        articles.append((a["site"], a["province"], a["key"], a["title"], a["body"], published))
    return articles


def _store(archive: Archive, articles: list[tuple[str, str, str, str, str, datetime]]) -> None:
    for site, province, key, title, body, published in articles:
        url = f"https://{site}.example.vn/{key}.html"
        article = CleanedArticle(url, title, body, published)
        archive.store_page(archive.ensure_site(site, province), FetchedPage(url, b""), article)


def _judged_index(work: Path) -> engine.EmbeddedEngine:
    """The judged articles in an archive under `work`, synced to work/index."""
    work.mkdir()
    archive = Archive(f"sqlite:///{work / 'archive.sqlite3'}")
    _store(archive, _judged_articles())
    index = engine.EmbeddedEngine(work / "index")
    sync(index, archive)
    archive.close()
    return index


def _judged_queries() -> list[str]:
    return [q["text"] for q in tomllib.loads((JUDGED / "queries.toml").read_text(encoding="utf-8"))["queries"]]


def test_bulk_index_equals_the_per_document_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(CountedText, "index", _whoosh_index, raising=False)
        patch.setattr(engine, "add_batch", _per_document)
        reference = _judged_index(tmp_path / "reference")
    with monkeypatch.context() as patch:
        patch.setattr(counting, "PARALLEL_MIN", 2)  # the judged articles are fewer than a batch that forks
        patch.setattr(counting.os, "cpu_count", lambda: 2)
        bulk = _judged_index(tmp_path / "bulk")
    old, new = reference._open().reader(), bulk._open().reader()
    assert new.doc_count_all() == old.doc_count_all() > 40
    inlined = 0
    for field in old.schema.names():
        if not old.schema[field].indexed:
            assert [new.stored_fields(d).get(field) for d in range(new.doc_count_all())] == \
                   [old.stored_fields(d).get(field) for d in range(old.doc_count_all())], field  # fmt: skip
            continue
        terms = list(old.lexicon(field))
        assert list(new.lexicon(field)) == terms, field
        for term in terms:
            for got, expected in zip(read_postings(new, field, term), read_postings(old, field, term), strict=True):
                assert np.array_equal(got, expected), (field, term)
            info, before = new.term_info(field, term), old.term_info(field, term)
            assert (info.weight(), info.doc_frequency()) == (before.weight(), before.doc_frequency()), (field, term)
            inlined += info.is_inlined()
        assert np.array_equal(field_lengths(new, field, new.doc_count_all()),
                              field_lengths(old, field, old.doc_count_all())), field  # fmt: skip
        assert new.field_length(field) == old.field_length(field), field
    assert inlined > 100  # small posting lists took the inline path, and read back the same
    old.close()
    new.close()
    for query in _judged_queries():
        request = SearchRequest(query, limit=10, facets=False)
        got = [(hit.url, hit.score) for hit in bulk.search(request).hits]
        assert got == [(hit.url, hit.score) for hit in reference.search(request).hits], query
    bulk.close()
    reference.close()


def test_merged_segments_with_deletions_score_as_a_fresh_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small syncs merge older segments into the newest batch's, leaving out their replaced and deleted articles."""
    archive = Archive(f"sqlite:///{tmp_path / 'archive.sqlite3'}")
    articles = _judged_articles()
    _store(archive, articles)
    monkeypatch.setattr(engine, "_MAX_SEGMENTS", 2)
    monkeypatch.setattr(counting, "PARALLEL_MIN", 2)
    merged = engine.EmbeddedEngine(tmp_path / "merged")
    assert sync(merged, archive, batch=7) == len(articles)
    with merged._open().reader() as reader:
        assert 1 < len(list(reader.leaf_readers())) <= 3 < len(articles) // 7  # batches of 7, merged as they came
    changed = [(*a[:4], f"{a[4]} Công đoàn cơ sở được biểu dương.", a[5]) for a in articles[::5]]
    _store(archive, changed)  # their old versions stay behind in the segments, deleted
    assert delete_articles(archive, [1, 2]) == 2
    assert sync(merged, archive, batch=3) == len(changed) - 1  # article 1, deleted, was one of them
    fresh = engine.EmbeddedEngine(tmp_path / "fresh")
    rebuild(fresh, archive)
    assert merged.count() == fresh.count() == len(articles) - 2
    for query in [*_judged_queries(), "biểu dương"]:
        request = SearchRequest(query, limit=100, facets=False)
        got, expected = merged.search(request), fresh.search(request)
        assert got.total == expected.total, query
        assert {hit.url: hit.score for hit in got.hits} == {hit.url: hit.score for hit in expected.hits}, query
    archive.close()
    merged.close()
    fresh.close()


def test_an_index_of_the_previous_format_is_rebuilt(tmp_path: Path) -> None:
    """Version 8 keeps small posting lists in the term index: an index written before is rebuilt, not misread."""
    assert FORMAT_VERSION == 8
    bulk = _judged_index(tmp_path / "judged")
    archive = Archive(f"sqlite:///{tmp_path / 'judged' / 'archive.sqlite3'}")
    count = bulk.count()
    (bulk.directory / VERSION_FILE).write_text(str(FORMAT_VERSION - 1))
    assert not bulk.is_current() and bulk.count() == 0
    assert sync(bulk, archive) == count  # everything indexed again, in the current format
    assert bulk.is_current() and (bulk.directory / VERSION_FILE).read_text() == str(FORMAT_VERSION)
    assert bulk.search(SearchRequest("cong doan")).total > 0
    archive.close()
    bulk.close()
