"""The web app over HTTP: the JSON API, stable URLs, downloads, 400s instead of 500s, escaping and headers.

Everything goes to one real `unionnews serve` on 127.0.0.1 (tests/webapp.py) over a crawled archive.
"""

from __future__ import annotations

import csv
import hashlib
import html as html_text
import io
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import run_cli
from webapp import XSS_URL, WebServer

from archive.export import load_schema


def get(server: WebServer, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def get_json(server: WebServer, path: str, status: int = 200) -> Any:
    code, headers, body = get(server, path)
    assert code == status, (path, code, body[:500])
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def all_hits(server: WebServer, query: str) -> list[dict]:
    hits, page = [], 1
    while True:
        found = get_json(server, f"/api/search?{query}&limit=7&page={page}")
        hits += found["hits"]
        if page >= found["pages"]:
            return hits
        page += 1


@pytest.fixture(scope="module")
def xss_id(web_server: WebServer) -> int:
    overview = get_json(web_server, "/api/sites/xss.example")
    return overview["latest"][0]["id"]


def test_search_api_matches_the_command_line_search(web_server: WebServer, web_home: Path) -> None:
    found = get_json(web_server, "/api/search?q=cong+doan&limit=10")
    assert found["total"] >= 20 and found["pages"] == -(-found["total"] // 10) and len(found["hits"]) == 10
    cli = json.loads(run_cli("search", "cong doan", "--json", "--limit", "10", home=web_home).stdout)
    assert [h["id"] for h in found["hits"]] == [h["id"] for h in cli]
    hit = found["hits"][0]
    assert hit["published"].endswith("+07:00") and hit["article"] == f"/articles/{hit['id']}"
    assert any("<mark>" in h["snippet"] for h in found["hits"])
    assert {"site", "province", "year", "person", "organization", "place"} <= set(found["facets"])
    assert sum(v["count"] for v in found["facets"]["site"]) == found["total"]
    assert set(found["downloads"]) == {"jsonl", "json", "csv"}


def test_filters_are_query_parameters(web_server: WebServer) -> None:
    everything = all_hits(web_server, "q=cong+doan")
    in_2020 = all_hits(web_server, "q=cong+doan&site=demo-table&site=demo-joomla&from=2020-01-01&to=31/12/2020")
    expected = [h["id"] for h in everything
                if h["site"] in ("demo-table", "demo-joomla") and h["published"].startswith("2020")]  # fmt: skip
    assert in_2020 and sorted(h["id"] for h in in_2020) == sorted(expected)

    hoa = get_json(web_server, "/api/search?q=cong+doan&person=be+thi+hoa")
    assert hoa["total"] >= 1 and {"value": "Bế Thị Hòa", "count": hoa["total"]} in hoa["facets"]["person"]
    newest = get_json(web_server, "/api/search?q=cong+doan&sort=date&limit=50")
    dates = [h["published"] for h in newest["hits"] if h["published"]]
    assert dates == sorted(dates, reverse=True)


def author_facet(server: WebServer, path: str) -> dict[str, tuple[str, int, bool]]:
    """The search page's author facet: name → (link, count shown, selected)."""
    _, _, body = get(server, path)
    group = re.search(r'<section class="facet" data-facet="author">(.*?)</section>', body.decode(), re.DOTALL)
    assert group, f"{path} shows no author facet"
    found = re.findall(r'<li( class="selected")?><a href="([^"]+)">([^<]+)</a> <span class="count">(\d+)</span>',
                       group.group(1))  # fmt: skip
    return {html_text.unescape(name): (html_text.unescape(href), int(count), bool(selected))
            for selected, href, name, count in found}  # fmt: skip


def test_author_facet_counts_and_filters_to_exactly_that_author(web_server: WebServer) -> None:
    written = Counter(h["author"] for h in all_hits(web_server, "q=cong+doan") if h["author"])
    facet = {v["value"]: v["count"] for v in get_json(web_server, "/api/search?q=cong+doan")["facets"]["author"]}
    assert facet["Ngọc Liêm"] == 2 and facet["Đỗ Thị Gấm"] == 2 and "" not in facet
    assert {name: written[name] for name in facet} == facet
    links = author_facet(web_server, "/search?q=cong+doan")
    assert {name: count for name, (_, count, _) in links.items()} == facet
    for name in ("Ngọc Liêm", "Đỗ Thị Gấm"):
        href, count, _ = links[name]
        query = urllib.parse.urlsplit(href).query
        assert urllib.parse.parse_qs(query)["author_name"] == [name]
        narrowed = get_json(web_server, f"/api/search?{query}")
        assert narrowed["total"] == count and {h["author"] for h in narrowed["hits"]} == {name}
        assert narrowed["filters"] == {"author_name": [name]}
        page = get(web_server, href)[2].decode()
        assert re.search(r"<strong>(\d+)</strong> kết quả", page).group(1) == str(count)  # type: ignore[union-attr]
        assert f"tác giả: <strong>{name}</strong>" in page
        selected = author_facet(web_server, href)
        assert selected[name][2] and urllib.parse.urlsplit(selected[name][0]).query == "q=cong+doan"  # click: undo
        _, _, csv_body = get(web_server, f"/api/export?{query}&format=csv")
        rows = list(csv.DictReader(io.StringIO(csv_body.decode().removeprefix("\ufeff"), newline="")))
        assert [int(r["id"]) for r in rows] == [h["id"] for h in narrowed["hits"]]
        assert {r["author"] for r in rows} == {name}


@pytest.mark.parametrize("path, mentions", [
    ("/api/search?q=cong&page=abc", "page"),
    ("/api/search?q=cong&page=0", "page"),
    ("/api/search?q=cong&limit=5000", "limit"),
    ("/api/search?q=cong&sort=popular", "sort"),
    ("/api/search?q=cong&from=2020-13-45", "from"),
    ("/api/search?q=cong&from=2021-01-01&to=2020-01-01", "from"),
    ("/api/search?q=", "q"),
    ("/api/search?q=%22unclosed", "quotation"),
    ("/api/search?q=NOT+cong", "exclude"),
    ("/api/export?q=cong&format=xml", "format"),
    ("/api/export?q=%28cong", "parenthesis"),
    ("/api/articles/abc", "article_id"),
    ("/api/articles/99999999999999999999", "article_id"),
    ("/api/search?q=cong&from=0001-01-01", "from"),
])  # fmt: skip
def test_bad_parameters_get_400_with_a_message(web_server: WebServer, path: str, mentions: str) -> None:
    detail = get_json(web_server, path, status=400)["detail"]
    assert mentions in detail, detail


def test_bad_parameters_on_pages_get_a_400_page(web_server: WebServer) -> None:
    for path in ("/search?q=cong&from=32/12/2020", "/search?q=cong&page=-1", "/search?q=%22x", "/articles/x"):
        code, headers, body = get(web_server, path)
        assert code == 400 and headers["content-type"].startswith("text/html"), path
        assert "Yêu cầu không hợp lệ" in body.decode()
    for path in ("/articles/999999", "/articles/999999/raw", "/sites/khong-co", "/khong-co-trang-nay"):
        code, _, body = get(web_server, path)
        assert code == 404 and "Không" in body.decode(), path
    assert get_json(web_server, "/api/articles/999999", status=404)["detail"]


def test_article_api_is_the_export_record(web_server: WebServer, web_home: Path) -> None:
    records = {r["id"]: r for r in map(json.loads, run_cli("export", "-o", "-", home=web_home).stdout.splitlines())}
    schema = load_schema()
    for article_id in sorted(records)[:3]:
        article = get_json(web_server, f"/api/articles/{article_id}")
        record = {k: v for k, v in article.items() if k not in ("first_seen", "updated_at", "raw", "provenance")}
        assert record == records[article_id]
        jsonschema.validate(record, schema)
        raw = get_json(web_server, article["raw"])
        assert raw["url"] == article["url"] and "<html" in raw["html"].lower() and raw["error"] is None
        provenance = article["provenance"]  # a live crawl: captured when fetched, no archived copy elsewhere
        assert (provenance["source"], provenance["sha256"], provenance["archived_copy"]) == ("crawl", raw["sha256"], None)
        assert provenance["captured"] == provenance["accessed"] == raw["fetched_at"]
        assert provenance["cite"].startswith(f"{article['title']}. {article['site']}") and article["url"] in provenance["cite"]
        # the export's provenance fields come last, after every field the model had before them
        assert list(article)[-4:] == ["source", "captured", "original_url", "archived_copy"]
        assert (article["source"], article["archived_copy"]) == (provenance["source"], provenance["archived_copy"])
        assert article["captured"] == provenance["captured"][:19] + "+07:00" and article["original_url"] == raw["fetched_url"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_download_streams_the_whole_result_set(web_server: WebServer, fmt: str) -> None:
    query = "q=cong+doan&site=demo-portal&site=demo-html5&sort=date"
    expected = [h["id"] for h in all_hits(web_server, query)]
    code, headers, body = get(web_server, f"/api/export?{query}&format={fmt}")
    assert code == 200 and "content-length" not in headers and headers.get("transfer-encoding") == "chunked"
    assert re.fullmatch(rf'attachment; filename="unionnews-cong-doan-\d{{8}}-\d{{4}}\.{fmt}"',
                        headers["content-disposition"])  # fmt: skip
    text = body.decode("utf-8")
    if fmt == "csv":
        assert headers["content-type"].startswith("text/csv")
        records = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        ids = [int(r["id"]) for r in records]
    else:
        records = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        ids = [r["id"] for r in records]
        for record in records:
            jsonschema.validate(record, load_schema())
    assert len(expected) >= 5 and ids == expected


def test_download_without_a_query_takes_the_filters_alone(web_server: WebServer) -> None:
    _, _, body = get(web_server, "/api/export?site=demo-table&format=jsonl")
    records = [json.loads(line) for line in body.decode().splitlines()]
    assert len(records) == 7 and {r["site"] for r in records} == {"demo-table"}


def test_sites_overview(web_server: WebServer) -> None:
    sites = {s["name"]: s for s in get_json(web_server, "/api/sites")}
    assert {n: s["articles"] for n, s in sites.items()} == {"demo-portal": 7, "demo-joomla": 7, "demo-table": 7,
                                                            "demo-html5": 7, "xss.example": 1}  # fmt: skip
    assert sites["demo-table"]["last_crawl"]["status"] == "finished"
    overview = get_json(web_server, "/api/sites/demo-table")
    months = overview["months"]
    assert sum(m["count"] for m in months) == 7 - overview["site"]["undated"]
    assert [m["month"] for m in months] == sorted(m["month"] for m in months)  # every month, in order
    _, _, page = get(web_server, "/sites/demo-table")
    bars = re.findall(r'<rect [^>]*data-month="(\d\d/\d{4})" data-count="(\d+)"', page.decode())
    assert [(f"{m[3:]}-{m[:2]}", int(c)) for m, c in bars] == [(m["month"], m["count"]) for m in months]


def test_scraped_text_reaches_pages_escaped(web_server: WebServer, xss_id: int) -> None:
    pages = [f"/articles/{xss_id}", f"/articles/{xss_id}/raw", "/search?q=cong+doan+tong+ket&site=xss.example",
             "/sites/xss.example"]  # fmt: skip
    for path in pages:
        code, headers, body = get(web_server, path)
        html = body.decode()
        assert code == 200, path
        assert "<script" not in html.lower(), path  # the app ships no scripts: any is an injection
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.IGNORECASE), path
        assert "&lt;script&gt;window.top.__xss=1" in html, path
        assert "script-src 'none'" in headers["content-security-policy"]
    code, headers, body = get(web_server, f"/articles/{xss_id}/raw/page")
    policy = headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy
    assert hashlib.sha256(body).hexdigest() == get_json(web_server, f"/api/articles/{xss_id}/raw")["sha256"]
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_write_dates_as_vietnamese_readers_do(web_server: WebServer, xss_id: int) -> None:
    _, _, body = get(web_server, f"/articles/{xss_id}")
    assert "27/12/2020 19:56" in body.decode()  # published 2020-12-27T19:56:00+07:00
    article = get_json(web_server, f"/api/articles/{xss_id}")
    assert article["published"] == "2020-12-27T19:56:00+07:00" and article["url"] == XSS_URL


def test_openapi_documents_every_api_route(web_server: WebServer) -> None:
    spec = get_json(web_server, "/openapi.json")
    assert {"/api/search", "/api/export", "/api/articles/{article_id}", "/api/articles/{article_id}/raw",
            "/api/sites", "/api/sites/{name}", "/api/schema/article"} <= set(spec["paths"])  # fmt: skip
    search = spec["paths"]["/api/search"]["get"]
    assert {"q", "site", "author", "author_name", "from", "to", "person", "org", "place", "sort", "page", "limit"} <= {
        p["name"] for p in search["parameters"]}  # fmt: skip
    assert "400" in search["responses"] and "422" not in search["responses"]
    facets = spec["components"]["schemas"]["SearchResponse"]["properties"]["facets"]["description"]
    assert "author" in facets and "author_name" in facets
    assert not any(path.startswith(("/search", "/articles")) for path in spec["paths"])  # pages stay out
    assert get_json(web_server, "/api/schema/article") == load_schema()
    # The records keep their published names whatever their classes are called, and every reference resolves.
    schemas = spec["components"]["schemas"]
    assert {"Article", "CrawlRun", "Hit", "RawPage", "Site", "SiteOverview", "SearchResponse"} <= set(schemas)
    assert schemas["Site"]["properties"]["last_crawl"]["anyOf"][0] == {"$ref": "#/components/schemas/CrawlRun"}
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(spec)))
    assert "Article" in refs and refs <= set(schemas)


def test_serve_reports_a_busy_port_in_one_line(web_home: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), home=web_home, check=False)
    assert result.returncode != 0 and result.stderr.startswith("unionnews: error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in result.stderr


def test_stable_urls_round_trip(web_server: WebServer) -> None:
    """A page's own links (facets, pages, downloads) are the stable URLs, parameters in a fixed order."""
    _, _, body = get(web_server, "/search?q=cong+doan&limit=10")
    html = body.decode()
    assert 'href="/search?q=cong+doan&amp;limit=10&amp;page=2"' in html or \
           'href="/search?q=cong+doan&amp;page=2&amp;limit=10"' in html  # fmt: skip
    links = re.findall(r'href="(/search\?[^"]+)"', html)
    for link in links[:10]:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(link.replace("&amp;", "&")).query)
        assert query["q"] == ["cong doan"]


def test_pages_write_amounts_with_thousands_separators(web_server: WebServer) -> None:
    """A figure of 150000000 đồng reads "150.000.000 đồng", as the sites print it."""
    shown = 0
    for hit in all_hits(web_server, "q=dong"):
        money = [f for f in get_json(web_server, f"/api/articles/{hit['id']}")["figures"]
                 if f["kind"] == "money" and f["value"] >= 1_000_000]  # fmt: skip
        if not money:
            continue
        _, _, body = get(web_server, f"/articles/{hit['id']}")
        page = body.decode()
        for figure in money:
            grouped = f"{int(figure['value']):,}".replace(",", ".")
            assert f"<td>{grouped} đồng</td>" in page, (figure, hit["url"])
            shown += 1
    assert shown
