"""Queries as an attacker sends them: every one costs bounded work and is answered with one line.

A query reaches the server from any page a researcher's browser opens (`<img src=…/api/search?q=…>`),
so its size, its nesting and the "did you mean" work it causes are bounded before anything runs.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import run_cli

from search import suggest as suggest_module
from search.embedded.engine import EmbeddedEngine
from search.engine import IndexDocument
from search.query import (MAX_PHRASE_ABBREVIATIONS, MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS, QueryError,
                          SearchRequest, parse_query)
from vnlang.dates import VIETNAM

BODIES = ["Các công đoàn ngành ký giao ước thi đua, chăm lo sức khoẻ đoàn viên.",
          "Liên đoàn Lao động tỉnh Bắc Kạn bàn giao nhà Mái ấm công đoàn."]  # fmt: skip


def small_index(directory: Path) -> EmbeddedEngine:
    engine = EmbeddedEngine(directory)
    engine.reset()
    engine.add([IndexDocument(id=i, url=f"https://ldld.example.vn/{i}.html", site="ldld-backan", province="Bắc Kạn",
                              title=f"Tin công đoàn số {i}", body=body, author=None, category=None,
                              published=datetime(2021, 3, 2, 9, tzinfo=VIETNAM), content_hash=str(i))
                for i, body in enumerate(BODIES, start=1)])  # fmt: skip
    return engine


def test_a_word_longer_than_any_indexed_one_costs_no_suggestion_work(tmp_path: Path, monkeypatch) -> None:
    engine = small_index(tmp_path / "index")
    calls: list[int] = []
    real = suggest_module._variants
    monkeypatch.setattr(suggest_module, "_variants", lambda word: calls.append(len(word)) or real(word))
    found = engine.search(SearchRequest("uoccc " + "a" * 300))
    assert found.total == 0 and found.suggestion is None
    assert max(calls, default=0) <= 14, "the deletions of a 300-letter word were built"  # the typo's are still made
    assert engine.search(SearchRequest("giao uoccc")).suggestion == "giao ước"


@pytest.mark.parametrize(
    ("text", "message"),
    [("a" * (MAX_QUERY_LENGTH + 1), "longer than"),
     (" ".join(["công"] * (MAX_QUERY_TERMS + 2)), "more than"),
     ("(" * 400 + "công" + ")" * 400, "nests more than"),
     ('"' + " ".join(["LĐLĐ"] * (MAX_PHRASE_ABBREVIATIONS + 1)) + '"', "abbreviations")],
)  # fmt: skip
def test_queries_are_bounded_in_length_terms_and_depth(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_the_bounds_leave_ordinary_queries_alone() -> None:
    parse_query("(" * MAX_QUERY_DEPTH + "công đoàn" + ")" * MAX_QUERY_DEPTH)
    parse_query(" ".join(["công"] * (MAX_QUERY_TERMS // 2)))
    parse_query('"' + " ".join(["LĐLĐ"] * MAX_PHRASE_ABBREVIATIONS) + '"')  # 64 spellings
    parse_query(" ".join(["LĐLĐ"] * (MAX_PHRASE_ABBREVIATIONS + 1)))  # unquoted: each alone, no spellings


def test_cli_answers_deep_nesting_and_a_huge_word_with_one_line(tmp_path: Path) -> None:
    small_index(tmp_path / "index")
    for query in ("(" * 400 + "công" + ")" * 400, "x" * 10_000):
        result = run_cli("search", query, home=tmp_path, check=False)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr[-500:]
        assert result.stderr.startswith("unionnews: error:")
