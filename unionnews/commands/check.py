"""`check`: compare the search index with the archive, and repair what differs."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import click
from sqlalchemy import select

from archive.config import Config
from archive.models import Article
from archive.store import Archive
from search.engine import SearchEngine
from unionnews.commands import open_archive
from unionnews.indexing import open_engine, remove, sync


@dataclass(frozen=True)
class Differences:
    unindexed: set[int]  # new or changed since the last sync: the next `index` or crawl picks them up
    lost: set[int]  # the archive says indexed, the index lacks them or holds another version
    orphans: set[int]  # in the index, no longer in the archive

    def __bool__(self) -> bool:
        return bool(self.unindexed or self.lost or self.orphans)


def compare(archive: Archive, index: SearchEngine) -> tuple[Differences, dict[int, str]]:
    """(differences, article id → URL) between the archive, the source of truth, and the index."""
    indexed = index.hashes()
    with archive.session() as session:
        rows = session.execute(select(Article.id, Article.url, Article.content_hash, Article.indexed_hash)).all()
    urls = {row.id: row.url for row in rows}
    unindexed = {row.id for row in rows if row.indexed_hash != row.content_hash}
    lost = {row.id for row in rows if row.id not in unindexed and indexed.get(row.id) != row.content_hash}
    return Differences(unindexed, lost, set(indexed) - set(urls)), urls


def _report(differences: Differences, urls: dict[int, str]) -> None:
    for label, ids in (
        ("not indexed yet (new or changed)", differences.unindexed),
        ("missing from the index or out of date there", differences.lost),
        ("in the index but no longer in the archive", differences.orphans),
    ):
        if ids:
            click.echo(f"{len(ids):>6} {label}")
            for article_id in sorted(ids)[:5]:
                click.echo(f"         #{article_id} {urls.get(article_id, '')}".rstrip())


class Refused(click.ClickException):
    exit_code = 2


def _refuse_mass_removal(archive_size: int, index_size: int, orphans: int) -> None:
    """The index may be the only copy left of an archive that was lost or is the wrong one (a mistyped
    --db or data directory): never empty it because the archive looks empty."""
    if orphans and (archive_size == 0 or orphans > index_size // 2):
        raise Refused(
            f"refusing to remove {orphans} of the index's {index_size} articles: the archive holds {archive_size}; "
            "check that --db / --data-dir name the right archive, or run `unionnews index --rebuild` "
            "to recreate the index from this archive on purpose"
        )


def repair(archive: Archive, index: SearchEngine, differences: Differences) -> tuple[dict[str, int], Differences]:
    """Remove orphans and re-index what was lost or is new: (what was done, the differences left after)."""
    removed = remove(index, differences.orphans)
    archive.clear_indexed(differences.lost)
    done = {"removed": removed, "indexed": sync(index, archive)}
    return done, compare(archive, index)[0]


@click.command()
@click.option("--repair", "fix", is_flag=True, help="Bring the index in line with the archive.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as one JSON object.")
@click.pass_obj
def check(config: Config, fix: bool, as_json: bool) -> None:
    """Check the search index against the archive; exit 1 if they differ (0 after --repair)."""
    index = open_engine(config)
    with open_archive(config, existing=True) as archive:
        differences, urls = compare(archive, index)
        documents = index.count()
        if fix:
            _refuse_mass_removal(len(urls), documents, len(differences.orphans))
        repaired, after = repair(archive, index, differences) if differences and fix else (None, differences)
    if as_json:
        record = {
            "archive": len(urls), "index": documents, "matches": not after,
            "not_indexed": sorted(differences.unindexed), "lost": sorted(differences.lost),
            "orphans": sorted(differences.orphans), "repaired": repaired,
        }  # fmt: skip
        click.echo(json.dumps(record, indent=2))
        if after:
            sys.exit(1)
        return
    click.echo(f"archive {len(urls)} articles; index {documents} documents")
    if not differences:
        click.echo("the index matches the archive")
        return
    _report(differences, urls)
    if repaired is None:
        click.echo("run `unionnews check --repair` to fix")
        sys.exit(1)
    click.echo(f"repaired: removed {repaired['removed']} orphans, indexed {repaired['indexed']} articles")
    if after:
        _report(after, urls)
        raise click.ClickException("the index still differs from the archive (is a crawl writing to it now?)")
    click.echo("the index matches the archive")
