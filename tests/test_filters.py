"""Every filter of the table, without query text, in every front end: the same articles from each.

The cases are made from the table (archive.filters.FILTERS) and the demo archive, so a new row is
tested here without a line added. For each filter a value is taken from the articles themselves and
typed without diacritics when the row's key says they are optional; then `unionnews search --json`,
`unionnews export`, the /search page, /api/search and /api/export must all keep the same articles.
The search front ends answer from the index, the exports from the archive alone: agreeing means
both apply the filter's one rule.
"""

from __future__ import annotations

import json
import re
import statistics
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_web_api import get, get_json
from webapp import WebServer

from archive.filters import BY_PARAM, FILTERS, Filter, FilterError, Filters, name_key, organization_key
from vnlang.text import fold

ORGANISATION = "LĐLĐ tỉnh Bắc Kạn"  # the entity rules store "Liên đoàn Lao động tỉnh Bắc Kạn"
CASES = [*((row.param, None) for row in FILTERS), ("org", ORGANISATION)]
_HIT = re.compile(r'<li class="hit">\s*<h3><a href="/articles/(\d+)">')


@pytest.fixture(scope="module")
def everything(web_home: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in run_cli("export", "-o", "-", home=web_home).stdout.splitlines()]


@pytest.fixture(scope="module")
def typed(everything: list[dict[str, Any]]) -> dict[tuple[str, str | None], str]:
    """The value each case types."""
    return {(param, given): given or _value(BY_PARAM[param], everything) for param, given in CASES}


@pytest.fixture(scope="module")
def cli(web_home: Path, typed: dict[tuple[str, str | None], str], tmp_path_factory: pytest.TempPathFactory
        ) -> dict[tuple[str, str | None], tuple[list[int], list[int]]]:  # fmt: skip
    """Per case, the ids `unionnews search --json` and `unionnews export -o FILE` give: run side by side, as
    each run spends most of its time starting Python."""
    folder = tmp_path_factory.mktemp("exports")

    def run(case: tuple[str, str | None]) -> tuple[list[int], list[int]]:
        option = [BY_PARAM[case[0]].option, typed[case]]
        searched = json.loads(run_cli("search", *option, "--json", "--limit", "1000", home=web_home).stdout)
        out = folder / f"{CASES.index(case)}.jsonl"
        run_cli("export", *option, "-o", str(out), home=web_home)
        exported = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
        return [hit["id"] for hit in searched], exported

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(CASES, pool.map(run, CASES), strict=True))


def _value(row: Filter, records: list[dict[str, Any]]) -> str:
    """A value of this filter that keeps some articles but not all, as a researcher would type it."""
    if row.dated:
        return statistics.median_low(sorted(r["published"][:10] for r in records if r["published"]))
    counts = Counter(value for r in records for value in dict.fromkeys(row.stored(r)))
    usable = [value for value, n in counts.most_common() if n < len(records)]
    assert usable, f"the demo archive has no value that filter {row.param!r} could narrow the articles by"
    value = usable[0]
    return fold(value) if row.key(fold(value)) == row.key(value) else value


def _web_ids(web_server: WebServer, query: str) -> list[int]:
    ids: list[int] = []
    for page in range(1, 100):
        code, _, body = get(web_server, f"/search?{query}&limit=10&page={page}")
        assert code == 200, (query, code)
        found = [int(i) for i in _HIT.findall(body.decode())]
        ids += found
        if len(found) < 10:
            return ids
    raise AssertionError("the pages do not end")


def _api_ids(web_server: WebServer, query: str) -> list[int]:
    ids: list[int] = []
    page, pages = 1, 1
    while page <= pages:
        found = get_json(web_server, f"/api/search?{query}&limit=10&page={page}")
        ids += [hit["id"] for hit in found["hits"]]
        page, pages = page + 1, found["pages"]
    return ids


@pytest.mark.parametrize("param, given", CASES, ids=[f"{p}={v}" if v else p for p, v in CASES])
def test_every_front_end_keeps_the_same_articles(param: str, given: str | None, web_server: WebServer,
                                                 everything: list[dict[str, Any]], typed: dict[Any, str],
                                                 cli: dict[Any, tuple[list[int], list[int]]]) -> None:  # fmt: skip
    row = BY_PARAM[param]
    value = typed[param, given]
    query = urllib.parse.urlencode({param: value})
    searched, exported = cli[param, given]
    code, _, body = get(web_server, f"/api/export?{query}")
    assert code == 200
    downloaded = [json.loads(line)["id"] for line in body.decode().splitlines()]

    assert 0 < len(searched) < len(everything), (param, value, searched)
    assert _web_ids(web_server, query) == _api_ids(web_server, query) == searched
    assert sorted(exported) == sorted(downloaded) == sorted(searched)
    # without a query the hits come newest first
    dates = {r["id"]: r["published"] or "" for r in everything}
    assert [dates[i] for i in searched] == sorted((dates[i] for i in searched), reverse=True)
    if row.dated:
        kept = {r["id"] for r in everything if r["published"] and (r["published"][:10] >= value
                if row.match == "since" else r["published"][:10] <= value)}  # fmt: skip
        assert set(searched) == kept
    elif given:
        spelled_out = {r["id"] for r in everything
                       if any(name_key(e["name"]) == name_key("Liên đoàn Lao động tỉnh Bắc Kạn")
                              for e in r["entities"] if e["type"] == "organization")}  # fmt: skip
        assert set(searched) == spelled_out
    else:  # every article holding the value as stored is kept, whatever else the rule lets in
        holding = {r["id"] for r in everything if any(row.key(v) == row.key(value) for v in row.stored(r))}
        assert holding <= set(searched)


def test_the_api_documents_exactly_the_filters_of_the_table(web_server: WebServer) -> None:
    documented = {p["name"] for p in get_json(web_server, "/openapi.json")["paths"]["/api/search"]["get"]["parameters"]}
    assert documented - {"q", "sort", "page", "limit", "histogram"} == {row.param for row in FILTERS}  # histogram: opt-in


def test_no_query_and_no_filter(web_home: Path, web_server: WebServer) -> None:
    """The CLI's search needs one or the other; the web's home page stays the introduction."""
    result = run_cli("search", home=web_home, check=False)
    assert result.returncode == 2 and result.stderr.startswith("unionnews: error: empty query")
    code, _, body = get(web_server, "/search")
    assert code == 200 and 'class="intro"' in body.decode() and 'class="hit"' not in body.decode()
    assert "q" in get_json(web_server, "/api/search", status=400)["detail"]


def test_values_are_normalised_and_checked_where_the_table_is() -> None:
    typed = Filters.parse({"persons": ["Be\u0302\u0301 Thị Hòa", " Bế Thị Hòa ", "  "], "date_from": "27/12/2020"})
    assert typed.persons == ("Bế Thị Hòa",) and typed.date_from == date(2020, 12, 27) and typed.sites == ()
    assert organization_key("LĐLĐ tỉnh Bắc Kạn") == name_key("Liên đoàn Lao động tỉnh Bắc Kạn")
    assert name_key("Lò Văn Hoà") == name_key("lo van hòa")
    with pytest.raises(FilterError, match="^from: "):
        Filters.parse({"date_from": "2021-01-01", "date_to": "31/12/2020"})
    with pytest.raises(FilterError, match="^to: "):
        Filters.parse({"date_to": "0001-01-01"})
    with pytest.raises(TypeError):
        Filters(sort="date")
