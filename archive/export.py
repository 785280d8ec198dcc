"""Cleaned articles as JSON Lines or a JSON array, streamed so an export never holds the archive in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from archive.models import Article, Site
from archive.store import Archive
from cleaner.dates import VIETNAM

SCHEMA_RESOURCE = "schema/article.schema.json"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(VIETNAM).isoformat() if value else None


def article_record(row: Article) -> dict[str, Any]:
    return {
        "id": row.id,
        "url": row.url,
        "site": row.site.name,
        "province": row.site.province,
        "title": row.title,
        "published": _iso(row.published),
        "author": row.author,
        "byline": row.byline,
        "category": row.category,
        "body": row.body,
        "captions": list(row.captions or []),
        "entities": list(row.entities or []),
        "figures": list(row.figures or []),
    }


def iter_records(archive: Archive, sites: tuple[str, ...] = (), batch: int = 500) -> Iterator[dict[str, Any]]:
    query = select(Article).options(joinedload(Article.site)).order_by(Article.id)
    if sites:
        query = query.join(Site).where(Site.name.in_(sites))
    with archive.session() as session:
        for row in session.scalars(query.execution_options(yield_per=batch)):
            yield article_record(row)


def write_records(records: Iterator[dict[str, Any]], out: TextIO, fmt: str = "jsonl") -> int:
    """Write `records` as `fmt` ("jsonl" or "json"); returns how many were written."""
    count = 0
    if fmt == "json":
        out.write("[")
    for record in records:
        line = json.dumps(record, ensure_ascii=False)
        if fmt == "json":
            out.write(("\n" if count == 0 else ",\n") + line)
        else:
            out.write(line + "\n")
        count += 1
    if fmt == "json":
        out.write("\n]\n" if count else "]\n")
    return count


def load_schema() -> dict[str, Any]:
    from importlib.resources import files

    return json.loads(files("archive").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8"))
