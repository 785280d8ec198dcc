"""`entities`: who, which organisations and which places the archive mentions, and how often."""

from __future__ import annotations

import json

import click
from sqlalchemy import distinct, func, select

from archive.config import Config
from archive.entities import EntityRow, Mention
from unionnews.commands import open_archive
from vnlang.collation import sort_key
from vnlang.text import fold


@click.command()
@click.option("--type", "kind", type=click.Choice(["person", "organization", "place"]), help="Only this type.")
@click.option("--name", help="Only entities whose name contains this (diacritics optional).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_obj
def entities(config: Config, kind: str | None, name: str | None, limit: int, as_json: bool) -> None:
    """List entities by the number of articles that mention them, equal counts in Vietnamese alphabetical order.

    SQL sorts names by code point (Hoàng before Hà), so the database picks the counts that make the
    cut, and the names that tie at those counts are ordered here.
    """
    articles = func.count(distinct(Mention.article_id)).label("articles")
    query = select(EntityRow, articles).join(Mention).group_by(EntityRow.id).order_by(articles.desc())
    if kind:
        query = query.where(EntityRow.type == kind)
    if name:
        query = query.where(EntityRow.key.contains(fold(name)))
    with open_archive(config, existing=True) as archive, archive.session() as session:
        counts = session.scalars(select(query.limit(limit).subquery().c.articles)).all()
        rows = session.execute(query.having(articles >= counts[-1])).all() if counts else []
    rows = sorted(rows, key=lambda row: (-row[1], sort_key(row[0].name)))[:limit]
    records = [
        {"type": e.type, "name": e.name, "articles": n, "kind": e.kind, "province": e.province,
         "province_new": e.province_new}  # fmt: skip
        for e, n in rows
    ]
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        where = f"  ({r['province']} → {r['province_new']})" if r["type"] == "place" and r["province"] else ""
        click.echo(f"{r['articles']:>5}  {r['type']:<13}{r['name']}{where}")
