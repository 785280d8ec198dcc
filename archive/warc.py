"""WARC in and out: the archive's raw pages as WARC response records, and the response records of WARC/ARC files.

Writing: each stored raw page becomes one response record with its original status line and headers,
`WARC-Date` = when its bytes were captured (for a live crawl, the fetch), and block and payload digests,
after one warcinfo record that says what wrote the file and what it holds. The body is stored decoded
(no gzip, no chunks), so Content-Encoding and Transfer-Encoding come off the headers and Content-Length
is the body's: the record is then what a client would have received, and its digests verify.
An export of 100,000 pages is bound by gzip: each record is its own gzip member, written by ISA-L
(python-isal, five times zlib's speed at a size within a tenth of zlib's level 6), and an export's
records are built and compressed a batch at a time in worker threads (hashing and ISA-L release the
GIL) while the main thread reads the next pages from the archive; batches are written in their order.

Reading: warcio, not FastWARC. FastWARC iterates 3.5× (gzip) to 15× (plain) faster, but neither is the
bottleneck of an ingest (the cleaner is, at about a hundred pages a second), and only warcio reads the
ARC files older crawls left (FastWARC rejects them) and checks files it wrote (`warcio check`).
A file that ends in the middle of a record (a crawl killed while writing) yields the records before it,
then one `Unreadable` item saying where and why, and no more: the rest of the file cannot be trusted.
"""

from __future__ import annotations

import base64
import hashlib
import os
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from uuid import uuid4

import orjson
from isal import isal_zlib
from sqlalchemy import Text, cast, func, select
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime

from archive.models import Article, RawPage
from archive.store import Archive
from archive.types import UTCDateTime

# Headers that describe the bytes as sent over the wire, not the body as stored.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_GZIP_LEVEL = 2  # ISA-L's levels are 0-3; 2 writes 10% more than zlib's 6, at five times its speed
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip member, not a zlib stream
_BATCH = 64  # pages a worker turns into records at a time


@dataclass(frozen=True)
class HttpCapture:
    """A response as captured at one moment: what a WARC response record holds, and a web archive replays."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    captured_at: datetime

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name), None)


@dataclass(frozen=True)
class StoredPage(HttpCapture):
    """A raw page as the archive holds it: what a response record is written from."""

    source: str = "crawl"
    archived_copy: str | None = None
    compressed: bool = False  # `body` is still as the archive stores it (zlib): a worker thread inflates it

    def inflated(self) -> StoredPage:
        return replace(self, body=isal_zlib.decompress(self.body), compressed=False) if self.compressed else self


@dataclass(frozen=True)
class Capture(HttpCapture):
    """A response record read from a WARC or ARC file."""

    record_id: str | None
    offset: int


@dataclass(frozen=True)
class Skipped:
    """A record that is not a page: a request, metadata, a revisit, a redirect, an image…"""

    url: str | None
    reason: str


@dataclass(frozen=True)
class Unreadable:
    """Where a damaged or truncated file stops making sense; nothing after it is read."""

    offset: int
    reason: str


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def http_headers(page: StoredPage) -> StatusAndHeaders:
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(page.body))))
    return StatusAndHeaders(status_line(page.status), headers, protocol="HTTP/1.1")


def _digest(hasher: Any) -> bytes:
    return b"sha1:" + base64.b32encode(hasher.digest())


def _warc_record(kind: str, headers: list[tuple[str, str]], block: bytes, digests: list[tuple[str, bytes]]) -> bytes:
    """One WARC 1.1 record, its block digests given: assembled by hand, as warcio would write it (an export
    spends its time here, 100,000 times, and warcio's general-purpose writer costs three times as much)."""
    lines = [b"WARC/1.1", b"WARC-Type: " + kind.encode(), b"WARC-Record-ID: <urn:uuid:" + str(uuid4()).encode() + b">"]
    lines += [f"{name}: {value}".encode() for name, value in headers]
    lines += [name.encode() + b": " + value for name, value in digests]
    lines.append(b"Content-Length: " + str(len(block)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n"


def response_record(page: StoredPage) -> bytes:
    when = datetime_to_iso_date(page.captured_at.astimezone(UTC).replace(tzinfo=None), use_micros=True)
    head = http_headers(page).to_bytes()
    block = hashlib.sha1(head)
    block.update(page.body)
    headers = [("WARC-Date", when), ("WARC-Target-URI", page.url)]
    if page.archived_copy and page.archived_copy.startswith(("http://", "https://")):
        headers.append(("WARC-Source-URI", page.archived_copy))  # the web archive's copy it was read from
    headers.append(("Content-Type", "application/http; msgtype=response"))
    digests = [("WARC-Payload-Digest", _digest(hashlib.sha1(page.body))), ("WARC-Block-Digest", _digest(block))]
    return _warc_record("response", headers, head + page.body, digests)


def _stored(record: bytes, gzip: bool) -> bytes:
    """A record as it goes into the file: its own gzip member when `gzip` (any record readable from its offset)."""
    return isal_zlib.compress(record, _GZIP_LEVEL, _GZIP_WBITS) if gzip else record


def _records(pages: list[StoredPage], gzip: bool) -> bytes:
    """The response records of some pages, ready for the file: one worker's batch."""
    return b"".join(_stored(response_record(page.inflated()), gzip) for page in pages)


class WarcExport:
    """A WARC file being written: a warcinfo record first, then one response record per page, each record its own
    gzip member when `gzip` (as WARC readers expect: any record can be read from its offset).

    With `workers`, records are made in that many threads a batch at a time, and written in order by `close()`
    at the latest; without, each `write` writes its record at once (a crawl flushes after every page)."""

    def __init__(self, out: BinaryIO, filename: str, info: dict[str, Any], gzip: bool = True, workers: int = 0) -> None:
        self.out = out
        self.gzip = gzip
        self.count = 0
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="warc") if workers else None
        self._window = 2 * workers  # batches in flight: the workers busy, and as many waiting
        self._batch: list[StoredPage] = []
        self._pending: deque[Future[bytes]] = deque()
        fields = "".join(f"{name}: {value}\r\n" for name, value in info.items()).encode()
        now = datetime_to_iso_date(datetime.now(UTC).replace(tzinfo=None), use_micros=True)
        self.out.write(_stored(_warc_record("warcinfo", [("WARC-Date", now), ("WARC-Filename", filename),
                                                          ("Content-Type", "application/warc-fields")], fields,
                                            [("WARC-Block-Digest", _digest(hashlib.sha1(fields)))]), gzip))  # fmt: skip

    def write(self, page: StoredPage) -> None:
        self.count += 1
        if self._pool is None:
            self.out.write(_stored(response_record(page.inflated()), self.gzip))
            return
        self._batch.append(page)
        if len(self._batch) >= _BATCH:
            self._pending.append(self._pool.submit(_records, self._batch, self.gzip))
            self._batch = []
            while len(self._pending) > self._window:
                self.out.write(self._pending.popleft().result())

    def close(self) -> None:
        """Write what the workers still hold, in order."""
        if self._pool is None:
            return
        if self._batch:
            self._pending.append(self._pool.submit(_records, self._batch, self.gzip))
            self._batch = []
        while self._pending:
            self.out.write(self._pending.popleft().result())
        self._pool.shutdown()


def stored_pages(archive: Archive, article_ids: Iterable[int], batch: int = 500) -> Iterator[StoredPage]:
    """The raw pages of these articles, in their order, read a batch at a time (an export never holds them all)."""
    columns = (Article.id, RawPage.fetched_url, RawPage.status, cast(RawPage.headers, Text), RawPage.body,
               func.coalesce(RawPage.captured_at, RawPage.fetched_at), RawPage.source, RawPage.archived_copy)  # fmt: skip
    ids = iter(article_ids)
    with archive.session() as session:
        while chunk := list(islice(ids, batch)):
            query = select(*columns).join(RawPage, Article.raw_page_id == RawPage.id).where(Article.id.in_(chunk))
            rows = {row[0]: row for row in session.execute(query)}
            for id_ in chunk:
                if (row := rows.get(id_)) is not None:
                    _, url, status, headers, body, captured_at, source, archived_copy = row
                    yield StoredPage(url, status, orjson.loads(headers) if headers else {}, body,
                                     UTCDateTime().process_result_value(captured_at, archive.engine.dialect),
                                     source, archived_copy, compressed=True)  # fmt: skip


def write_warc(pages: Iterable[StoredPage], out: BinaryIO, filename: str, info: dict[str, Any]) -> int:
    """Every page as a response record, gzipped per record when `filename` ends in .gz; returns how many."""
    export = WarcExport(out, filename, info, gzip=filename.endswith(".gz"), workers=min(4, os.cpu_count() or 1))
    try:
        for page in pages:
            export.write(page)
    finally:
        export.close()
    return export.count


def _decoded_headers(record: Any) -> dict[str, str]:
    """The HTTP headers as the archive keeps them: the body is stored decoded, so its wire encodings go."""
    headers: dict[str, str] = {}
    for name, value in record.http_headers.headers:
        if name.lower() in _WIRE_HEADERS:
            continue
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _capture_time(record: Any) -> datetime:
    value = record.rec_headers.get_header("WARC-Date")
    when = iso_date_to_datetime(value) if value else None
    if when is None:
        raise ValueError("no WARC-Date")
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def read_captures(path: str | Path) -> Iterator[Capture | Skipped | Unreadable]:
    """Every record of a WARC or ARC file (gzipped or not), as a page, a skipped record, or where reading broke."""
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        offset = 0
        try:
            for record in records:
                item = _capture(record)
                offset = records.get_record_offset()  # reads what is left of the record: after the body
                if isinstance(item, Capture):
                    item = replace(item, offset=offset)
                yield item
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            yield Unreadable(offset, f"{type(exc).__name__}: {exc}".strip()[:300])
        except (AttributeError, TypeError, IndexError) as exc:  # warcio's parser on garbled header bytes
            yield Unreadable(offset, f"damaged or truncated record ({exc})"[:300])


def _unread(record: Any) -> int:
    """Bytes of the record's block that its file did not hold (a file cut short mid-record)."""
    stream = record.raw_stream
    while stream is not None and not isinstance(stream, LimitReader):
        stream = getattr(stream, "stream", None)
    return stream.limit if stream is not None else 0


def _capture(record: Any) -> Capture | Skipped:
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type != "response":
        return Skipped(url, f"{record.rec_type} record")
    if record.http_headers is None:
        return Skipped(url, "response without HTTP headers")
    body = record.content_stream().read()
    if missing := _unread(record):
        raise EOFError(f"the record of {url} is cut short ({missing} bytes missing)")
    status = int(record.http_headers.get_statuscode() or 0)
    if status != 200:
        return Skipped(url, f"HTTP {status}")
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and "html" not in content_type:
        return Skipped(url, f"not HTML ({content_type.split(';')[0].strip()})")
    return Capture(url, status, _decoded_headers(record), body, _capture_time(record),
                   record.rec_headers.get_header("WARC-Record-ID"), 0)  # fmt: skip
