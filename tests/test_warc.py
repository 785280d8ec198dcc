"""WARC out and in: `export --format warc` passes warcio's checker and `ingest-warc` gives the same articles back;
WARC files written by another tool (gzip per record, uncompressed, truncated) ingest."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import base_url_args, run_cli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.urls import canonical_url
from tests.sites.app import FixtureApp
from tests.sites.gold import load_gold
from tests.wayback_server import ORIGIN, SITE

FIELDS = ("title", "published", "author", "body", "captions")


def _export(home: Path, *args: str) -> dict[str, dict]:
    out = home / "articles.jsonl"
    run_cli("export", "-o", str(out), *args, home=home)
    return {r["url"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_an_exported_warc_is_valid_and_ingests_to_the_same_articles(crawled_home: Path, tmp_path: Path) -> None:
    source = _export(crawled_home)
    sites = sorted({r["site"] for r in source.values()})
    empty = tmp_path / "empty"
    for site in sites:
        warc = tmp_path / f"{site}.warc.gz"
        run_cli("export", "--format", "warc", "-o", str(warc), "--site", site, home=crawled_home)
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(warc)], capture_output=True,
                               text=True)  # fmt: skip
        assert check.returncode == 0 and "digest pass" in check.stdout and "fail" not in check.stdout, check.stdout
        with gzip.open(warc, "rb") as handle:
            head = handle.read(4000).decode("utf-8", "replace")
        assert "WARC-Type: warcinfo" in head and "software: unionnews" in head
        ingested = run_cli("ingest-warc", str(warc), "--site", site, home=empty)
        assert "1 warcinfo record" in ingested.stdout
    copy = _export(empty)
    assert {u: [r[f] for f in FIELDS] for u, r in copy.items()} == {u: [r[f] for f in FIELDS] for u, r in source.items()}
    # the copies say they came from a WARC record, captured when the source archive fetched them
    assert {u: (r["source"], r["captured"]) for u, r in copy.items()} == {
        u: ("warc", r["captured"]) for u, r in source.items()}  # fmt: skip
    assert all(r["archived_copy"].split("#")[0].endswith(".warc.gz") for r in copy.values())
    with sqlite3.connect(crawled_home / "archive.sqlite3") as db:
        fetched = dict(db.execute("select fetched_url, fetched_at from raw_pages where id in "
                                  "(select raw_page_id from articles)"))  # fmt: skip
    with sqlite3.connect(empty / "archive.sqlite3") as db:
        rows = db.execute("select fetched_url, source, captured_at, archived_copy from raw_pages").fetchall()
    assert len(rows) == len(source)
    for url, origin, captured, copy_ in rows:  # the capture time is the original fetch time, to the microsecond
        assert origin == "warc" and captured == fetched[url] and copy_.split("#")[1].startswith("<urn:uuid:")


def _response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html",
              encode: bool = False):  # fmt: skip
    """A response record as a crawler writes it: wget and Heritrix keep the bytes as sent (here gzip + chunked)."""
    headers = [("Content-Type", content_type), ("Server", "Microsoft-IIS/8.5")]
    payload = body
    if encode:
        compressed = gzip.compress(body)
        payload = b"%x\r\n%s\r\n0\r\n\r\n" % (len(compressed), compressed)
        headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    else:
        headers.append(("Content-Length", str(len(body))))
    return writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                     http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                                     warc_headers_dict={"WARC-Date": "2019-05-17T03:04:05Z"})  # fmt: skip


def _write(path: Path, gzip_records: bool, records: list[tuple[str, bytes]], extras: bool) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "Heritrix/3.4.0"}))
        for i, (url, body) in enumerate(records):
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "congdoan.kiengiang.gov.vn")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            writer.write_record(_response(writer, url, body, encode=i % 2 == 1))
        if extras:
            writer.write_record(_response(writer, ORIGIN + "/upload/anh.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg"))
            writer.write_record(_response(writer, ORIGIN + "/tin-cu.html", b"", status="301 Moved Permanently"))


def test_warc_files_of_other_tools_ingest_and_a_truncated_record_is_reported(tmp_path: Path) -> None:
    app, gold = FixtureApp(SITE, ORIGIN), load_gold(SITE)
    articles = [(ORIGIN + a["path"], app.respond(a["path"]).body) for a in gold["articles"]]
    home_page = (ORIGIN + "/", app.respond("/").body)
    per_record, plain, cut = tmp_path / "a.warc.gz", tmp_path / "b.warc", tmp_path / "c.warc"
    _write(per_record, True, [*articles[:3], home_page], extras=True)
    _write(plain, False, articles[3:6], extras=False)
    _write(cut, False, articles[6:], extras=False)
    cut.write_bytes(cut.read_bytes()[:-2000])  # the last record ends mid-body: a crawl killed while writing
    result = run_cli("ingest-warc", str(per_record), str(plain), str(cut), "--site", "congdoan-kiengiang",
                     home=tmp_path, check=False)  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "c.warc: unreadable from offset" in result.stderr and "cut short" in result.stderr
    assert "stored 7 new" in result.stdout
    for reason in ("9 request record", "1 not an article URL", "1 HTTP 301", "1 not HTML", "3 warcinfo record"):
        assert reason in result.stdout
    stored = _export(tmp_path)
    assert sorted(stored) == sorted(url for url, _ in articles[:7])
    for expected in gold["articles"][:7]:
        assert stored[ORIGIN + expected["path"]]["title"] == expected["title"]
    with sqlite3.connect(tmp_path / "archive.sqlite3") as db:
        captured = {row[0] for row in db.execute("select captured_at from raw_pages")}
    assert captured == {datetime(2019, 5, 17, 3, 4, 5, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")}


def test_crawl_writes_what_it_fetches_as_warc(demo_urls: dict[str, str], tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator


    folder = tmp_path / "warc"
    run_cli("crawl", "--site", "demo-table", *base_url_args({"demo-table": demo_urls["demo-table"]}), "--warc",
            str(folder), home=tmp_path)  # fmt: skip
    (warc,) = folder.glob("demo-table-*.warc.gz")
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(warc)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with open(warc, "rb") as handle:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle) if r.rec_type == "response"]
    articles = _export(tmp_path)
    assert sorted(map(canonical_url, uris)) == sorted(articles) and len(articles) >= 5  # the fetched URLs, as stored


def test_a_warc_export_keeps_the_selection_and_its_order_across_worker_batches(crawled_home: Path,
                                                                               tmp_path: Path) -> None:  # fmt: skip
    """Records are made in worker threads a batch at a time: the file still holds exactly the articles the
    filters keep (one answered by SQL, one checked on each record), in the order of the JSON export."""
    from warcio.archiveiterator import ArchiveIterator

    from archive.warc import StoredPage, write_warc

    for filters in (["--site", "demo-portal"], ["--category", "Tin tức"], []):
        warc = tmp_path / "selection.warc.gz"
        run_cli("export", "--format", "warc", "-o", str(warc), *filters, home=crawled_home)
        with open(warc, "rb") as handle:
            uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)
                    if r.rec_type == "response"]  # fmt: skip
        assert uris and list(map(canonical_url, uris)) == list(_export(crawled_home, *filters)), filters
    assert len(uris) >= 20
    # Many batches, written in the order given, each record its own gzip member that reads back.
    pages = [StoredPage(f"{ORIGIN}/trang/TinTuc/186/{i}/Bai-{i}.html", 200, {"Content-Type": "text/html"},
                        f"<p>Bài số {i}</p>".encode() * (i % 7 + 1), datetime(2020, 1, 1, tzinfo=UTC))
             for i in range(1000)]  # fmt: skip
    out = io.BytesIO()
    assert write_warc(pages, out, "many.warc.gz", {"software": "test"}) == 1000
    out.seek(0)
    read = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in ArchiveIterator(out) if r.rec_type == "response"]  # fmt: skip
    assert read == [(p.url, p.body) for p in pages]
