"""How results look in a terminal: dates as Vietnamese readers write them, matches in bold."""

from __future__ import annotations

import html
import re

import click

from search.engine import SearchHit
from vnlang.dates import iso_local, local_datetime

_MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.DOTALL)


def terminal_snippet(snippet: str) -> str:
    """Whoosh's HTML snippet (escaped text, <mark> around matches) as styled terminal text."""
    parts: list[str] = []
    last = 0
    for match in _MARK.finditer(snippet):
        parts.append(html.unescape(snippet[last : match.start()]))
        parts.append(click.style(html.unescape(match.group(1)), bold=True, fg="yellow"))
        last = match.end()
    parts.append(html.unescape(snippet[last:]))
    return " ".join("".join(parts).split())


def hit_record(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "published": iso_local(hit.published),
        "site": hit.site,
        "province": hit.province,
        "author": hit.author,
        "category": hit.category,
        "score": hit.score,
        "snippet": hit.snippet,
    }


def print_hit(rank: int, hit: SearchHit) -> None:
    click.echo(click.style(f"{rank}. {hit.title}", bold=True))
    where = f"{hit.site} ({hit.province})" if hit.province else hit.site
    click.echo(f"   {local_datetime(hit.published)} · {where} · điểm {hit.score:.2f}")
    click.echo(f"   {hit.url}")
    click.echo(f"   {terminal_snippet(hit.snippet)}")
    click.echo()


FACET_TITLES = {
    "site": "trang (site)", "province": "tỉnh (province)", "year": "năm (year)", "author": "tác giả (author)",
    "person": "người (person)", "organization": "tổ chức (organization)", "place": "địa danh (place)",
}  # fmt: skip


def print_facets(facets: dict[str, list[tuple[str, int]]]) -> None:
    for name, counts in facets.items():
        if counts:
            shown = ", ".join(f"{value} ({count})" for value, count in counts)
            click.echo(f"{FACET_TITLES.get(name, name)}: {shown}")
