"""`entities`: who, which organisations and which places the archive mentions, and how often."""

from __future__ import annotations

import json
from typing import Any

import click
from sqlalchemy import distinct, func, select

from archive.config import Config
from archive.entities import EntityRow, Mention
from archive.timelines import profile
from unionnews.commands import open_archive
from vnlang.collation import sort_key
from vnlang.text import fold, nfc


@click.command()
@click.option("--type", "kind", type=click.Choice(["person", "organization", "place"]), help="Only this type.")
@click.option("--name", help="Only entities whose name contains this (diacritics optional).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--show", "show", metavar="NAME", help="One entity's profile: posts over time with the articles that "
              "say so, articles per month, names mentioned alongside (diacritics optional).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def entities(config: Config, kind: str | None, name: str | None, limit: int, show: str | None, as_json: bool) -> None:
    """List entities by the number of articles that mention them, equal counts in Vietnamese alphabetical order.

    SQL sorts names by code point (Hoàng before Hà), so the database picks the counts that make the
    cut, and the names that tie at those counts are ordered here.
    """
    if show is not None:
        _show(config, show, kind, as_json)
        return
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


def _show(config: Config, name: str, kind: str | None, as_json: bool) -> None:
    """The profile of the entity named exactly `name`, else of the most mentioned one whose folded name is it."""
    articles = func.count(distinct(Mention.article_id))
    query = select(EntityRow).outerjoin(Mention).where(EntityRow.key == fold(name)).group_by(EntityRow.id)
    query = query.where(EntityRow.type == kind) if kind else query
    with open_archive(config) as archive, archive.session() as session:
        found = session.scalars(query.order_by((EntityRow.name == nfc(name).strip()).desc(), articles.desc())).first()
        if found is None:
            raise click.UsageError(f"no entity named {name!r} in the archive (see `unionnews entities --name …`)")
        record = profile(session, found)
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    click.echo(f"{record['name']}  ({record['type']})")
    for tenure_list, heading in _timelines(record):
        click.echo(f"\n{heading}")
        for t in tenure_list:
            until = f"{t['last'] or '?'}, ended by {t['ended']}" if t["ended"] else f"{t['last'] or '?'} (last mention)"
            who = t["organization"] if record["type"] == "person" else t["person"]
            click.echo(f"  {t['post']}, {who}: {t['first'] or '?'} – {until}")
            for e in t["evidence"]:
                click.echo(f"      {e['day'] or '?'}  [{e['status']}]  {e['title']}  {e['url']}")
    months = record["articles_per_month"]
    click.echo("\narticles per month: " + (", ".join(f"{m['month']} {m['articles']}" for m in months) or "none dated"))
    for type_, names in record["co_mentioned"].items():
        if names:
            click.echo(f"mentioned alongside ({type_}): " + ", ".join(f"{n['name']} ({n['articles']})" for n in names))


def _timelines(record: dict[str, Any]) -> list[tuple[list[dict[str, Any]], str]]:
    if record["type"] == "person":
        return [(p["posts"], f"posts ({', '.join(p['provinces']) or 'province unknown'})") for p in record["people"]]
    return [(record["posts"], "posts held")] if record.get("posts") else []
