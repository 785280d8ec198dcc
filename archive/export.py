"""Cleaned articles as JSON Lines, a JSON array or CSV, streamed so an export never holds the archive in memory.

An export of 100,000 articles is bound by per-row cost, so rows are read as plain column tuples in
batches (no ORM identity map), the JSON columns come out of the database as text and are decoded with
orjson, and records are encoded with orjson straight to UTF-8 bytes: the standard library's encoder
alone spends ten times as long on a record as everything else together. On SQLite the body, most of
a record's bytes, can also skip Python's text decoding and re-encoding: it is read as its stored
UTF-8 and escaped as a JSON string in place (`encoded_body`). The filters (archive.filters) that SQL
answers (site, province, dates) run in the database; the others, matched by the rule the search index
matches them by (words without diacritics, entity names), run on each row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, BinaryIO

import orjson
from sqlalchemy import LargeBinary, Text, cast, func, select

from archive.filters import Filters
from archive.models import Article, RawPage, Site
from archive.store import Archive
from vnlang.dates import iso_local

SCHEMA_RESOURCE = "schema/article.schema.json"
# Where the article's bytes came from (archive.models.RawPage): appended to every record, after the fields
# that were there before them. raw_sha256 is their digest.
PROVENANCE = ("source", "captured", "original_url", "archived_copy")
FORMATS = ("jsonl", "json", "csv")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "json": "application/json", "csv": "text/csv"}
# New columns go at the end, so that readers that take columns by position keep working. published_date is
# the Vietnam-time day alone, which spreadsheets read as a date (they do not read "…T19:56:00+07:00").
CSV_COLUMNS = ("id", "url", "site", "province", "title", "published", "author", "byline", "category", "body",
               "captions", "persons", "organizations", "places", "archived", "updated", "raw_sha256",
               "published_date", *PROVENANCE)  # fmt: skip
ENTITY_COLUMNS = {"persons": "person", "organizations": "organization", "places": "place"}

_COLUMNS = (Article.id, Article.url, Site.name, Site.province, Article.title, Article.published, Article.author,
            Article.byline, Article.category, Article.body, cast(Article.captions, Text), cast(Article.entities, Text),
            cast(Article.figures, Text), Article.first_seen, Article.updated_at, RawPage.sha256, RawPage.source,
            RawPage.captured_at, RawPage.fetched_at, RawPage.fetched_url, RawPage.archived_copy)  # fmt: skip
_RARE_CONTROLS = bytes(c for c in range(32) if c != 10)  # every control character but the newline
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def article_record(row: Article, raw: Any) -> dict[str, Any]:
    """The export record of an ORM article and its raw page's digest and provenance (RawPage's sha256, source,
    captured_at, fetched_at, fetched_url and archived_copy): pages and the API show what an export writes."""
    return _record((row.id, row.url, row.site.name, row.site.province, row.title, row.published, row.author,
                    row.byline, row.category, row.body, row.captions, row.entities, row.figures, row.first_seen,
                    row.updated_at, raw.sha256, raw.source, raw.captured_at, raw.fetched_at, raw.fetched_url,
                    raw.archived_copy))  # fmt: skip


def _list(value: str | list[Any] | None) -> list[Any]:
    """A JSON column as read: text from `_COLUMNS`, already a list from the ORM."""
    if isinstance(value, str):
        value = orjson.loads(value)
    return list(value or [])


def _json_string(data: bytes) -> orjson.Fragment:
    """UTF-8 text as a JSON string, escaped without decoding it (bytes ≥ 0x80 never need escaping)."""
    if len(data.translate(None, _RARE_CONTROLS)) != len(data):
        return orjson.Fragment(orjson.dumps(data.decode("utf-8")))
    return orjson.Fragment(b'"' + data.replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n") + b'"')


def _columns(archive: Archive, encoded_body: bool) -> tuple[Any, ...]:
    if encoded_body and archive.engine.dialect.name == "sqlite":
        return (*_COLUMNS[:9], cast(Article.body, LargeBinary), *_COLUMNS[10:])
    return _COLUMNS


def _moment(value: datetime | None) -> str | None:
    """When the archive did something, to the second, in Vietnam time."""
    return iso_local(value.replace(microsecond=0)) if value else None


def _record(row: Sequence[Any]) -> dict[str, Any]:
    (id_, url, site, province, title, published, author, byline, category, body, captions, entities, figures,
     archived, updated, raw_sha256, source, captured_at, fetched_at, original_url, archived_copy) = row  # fmt: skip
    return {
        "id": id_,
        "url": url,
        "site": site,
        "province": province,
        "title": title,
        "published": iso_local(published),
        "author": author,
        "byline": byline,
        "category": category,
        "body": _json_string(body) if isinstance(body, bytes) else body,
        "captions": _list(captions),
        "entities": _list(entities),
        "figures": _list(figures),
        "archived": _moment(archived),
        "updated": _moment(updated),
        "raw_sha256": raw_sha256,
        "source": source,
        "captured": _moment(captured_at or fetched_at),
        "original_url": original_url,
        "archived_copy": archived_copy,
    }


def count_records(archive: Archive, where: Filters | None = None) -> int:
    """How many articles the SQL part of `where` selects: exact, or an upper bound when rows are checked too."""
    with archive.session() as session:
        return session.scalar((where or Filters()).select(session, func.count(Article.id))) or 0


def iter_records(
    archive: Archive,
    batch: int = 1000,
    where: Filters | None = None,
    scanned: Callable[[int], None] | None = None,
    encoded_body: bool = False,
) -> Iterator[dict[str, Any]]:
    """Articles in archive order; `scanned(n)` is told of every n rows read (a progress bar's pace).

    With `encoded_body`, the body may come as a ready JSON string (an orjson.Fragment) that only the
    JSON formats of `serialize` can write.
    """
    where = where or Filters()
    check = where.needs_row_check()
    with archive.session() as session:
        query = where.select(session, *_columns(archive, encoded_body))
        query = query.join(RawPage, Article.raw_page_id == RawPage.id).order_by(Article.id)
        result = session.execute(query.execution_options(yield_per=batch, stream_results=True))
        for rows in result.partitions(batch):
            for row in rows:
                record = _record(row)
                if not check or where.row_matches(record):
                    yield record
            if scanned:
                scanned(len(rows))


def iter_ids(archive: Archive, where: Filters, batch: int = 5000) -> Iterator[int]:
    """The ids `iter_records` would give, when SQL answers every filter (`not where.needs_row_check()`): a WARC
    export needs the articles' pages, not their records."""
    with archive.session() as session:
        query = where.select(session, Article.id).join(RawPage, Article.raw_page_id == RawPage.id).order_by(Article.id)
        yield from session.execute(query.execution_options(yield_per=batch, stream_results=True)).scalars()


def records_for_ids(archive: Archive, ids: Sequence[int], encoded_body: bool = False) -> Iterator[dict[str, Any]]:
    """The records of `ids`, in that order (a search's ranking); ids the archive no longer has are skipped."""
    query = select(*_columns(archive, encoded_body)).select_from(Article).join(Site, Article.site_id == Site.id)
    query = query.join(RawPage, Article.raw_page_id == RawPage.id).where(Article.id.in_(ids))
    with archive.session() as session:
        rows = {row[0]: row for row in session.execute(query)}
    for id_ in ids:
        if id_ in rows:
            yield _record(rows[id_])


def _csv_row(record: dict[str, Any]) -> list[Any]:
    """One spreadsheet row: lists become text (captions one per line, entity names separated by "; ")."""
    row = {**record, "captions": "\n".join(record["captions"]), "published_date": (record["published"] or "")[:10]}
    for column, kind in ENTITY_COLUMNS.items():
        names = dict.fromkeys(e.get("name") or e.get("text") for e in record["entities"] if e.get("type") == kind)
        row[column] = "; ".join(str(n) for n in names if n)
    return [row.get(column) for column in CSV_COLUMNS]


def _csv_field(value: Any) -> str:
    """RFC 4180 quoting, done with str methods: the csv module's writer spends ~0.3 ms on a long Vietnamese body.

    Scraped text that begins like a formula (=, +, -, @, tab, CR) gets a leading ' (OWASP's advice against
    CSV injection): a spreadsheet would otherwise run a title such as =HYPERLINK(…) when the file is opened.
    Only CSV changes so; the JSON formats keep the text exact.
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def _csv(records: Iterable[dict[str, Any]], chunk: int) -> Iterator[bytes]:
    # The byte order mark makes spreadsheet programs read the file as UTF-8.
    lines = ["\ufeff" + ",".join(CSV_COLUMNS)]
    for count, record in enumerate(records, start=1):
        lines.append(",".join(map(_csv_field, _csv_row(record))))
        if count % chunk == 0:
            yield ("\r\n".join(lines) + "\r\n").encode("utf-8")
            lines.clear()
    if lines:
        yield ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _json(records: Iterable[dict[str, Any]], chunk: int, array: bool) -> Iterator[bytes]:
    """JSON Lines, or a JSON array holding one record per line."""
    parts: list[bytes] = [b"["] if array else []
    count = 0
    for count, record in enumerate(records, start=1):
        if array:
            parts.append(b"\n" if count == 1 else b",\n")
        parts.append(orjson.dumps(record))
        if not array:
            parts.append(b"\n")
        if count % chunk == 0:
            yield b"".join(parts)
            parts.clear()
    if array:
        parts.append(b"\n]\n" if count else b"]\n")
    yield b"".join(parts)


def serialize(records: Iterable[dict[str, Any]], fmt: str = "jsonl", chunk: int = 200) -> Iterator[bytes]:
    """UTF-8 bytes of `records` as `fmt`, in pieces of about `chunk` records (what a streamed response sends)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return _csv(records, chunk) if fmt == "csv" else _json(records, chunk, array=fmt == "json")


class _Counter:
    def __init__(self, records: Iterable[dict[str, Any]]) -> None:
        self.records = records
        self.count = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for record in self.records:
            self.count += 1
            yield record


def write_records(records: Iterable[dict[str, Any]], out: BinaryIO, fmt: str = "jsonl") -> int:
    """Write `records` as `fmt` ("jsonl", "json" or "csv") to a binary file; returns how many were written."""
    counted = _Counter(records)
    for data in serialize(counted, fmt):
        out.write(data)
    return counted.count


def load_schema() -> dict[str, Any]:
    from importlib.resources import files

    return json.loads(files("archive").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8"))
