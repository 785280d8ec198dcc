"""`ingest-warc`: the article pages among the response records of WARC/ARC files, stored as a crawl stores them."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.config import Config
from archive.ingest import process_page
from archive.store import Archive, FetchedPage
from archive.warc import Capture, Skipped, Unreadable, read_captures
from crawler.sites import Profiles, SiteProfile
from unionnews.commands import open_archive, site_profiles
from unionnews.indexing import open_engine, sync


class _Sites:
    """Which site a record belongs to: the one named, else the profile its URL lives under, else its host."""

    def __init__(self, archive: Archive, profiles: Profiles, site: str | None) -> None:
        self.archive = archive
        self.profiles = profiles
        self.named = profiles.get(site) if site else None
        self.ids: dict[str, int] = {}

    def of(self, url: str) -> tuple[int, SiteProfile | None]:
        profile = self.named or self.profiles.for_url(url)
        name = profile.name if profile else (urlsplit(url).hostname or "local")
        if name not in self.ids:
            self.ids[name] = (self.archive.ensure_site(profile.name, profile.province, profile.base_url) if profile
                              else self.archive.ensure_site(name))  # fmt: skip
        return self.ids[name], profile


def _page(capture: Capture, file: Path) -> FetchedPage:
    copy = f"{file.name}#{capture.record_id}" if capture.record_id else f"{file.name}@{capture.offset}"
    return FetchedPage(capture.url, capture.body, capture.status, capture.headers, capture.captured_at,
                       source="warc", captured_at=capture.captured_at, archived_copy=copy)  # fmt: skip


@click.command("ingest-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", help="Site profile of every record (default: by URL; else a site named after the host).")
@click.pass_obj
def ingest_warc(config: Config, files: tuple[Path, ...], site: str | None) -> None:
    """Store the article pages of WARC/ARC files (gzipped or not) with their capture time and original URL.

    Records that are not article pages (requests, metadata, revisits, redirects, images, pages the
    profile's URL shapes or the cleaner do not take for articles) are counted and skipped. A damaged or
    truncated record is reported and ends the reading of its file, not the command.
    """
    outcomes: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    damaged = 0
    profiles = site_profiles(config, warn=False)
    with open_archive(config) as archive:
        sites = _Sites(archive, profiles, site)
        for file in files:
            for item in read_captures(file):
                if isinstance(item, Unreadable):
                    damaged += 1
                    click.echo(f"unionnews: warning: {file}: unreadable from offset {item.offset}: {item.reason}",
                               err=True)  # fmt: skip
                    continue
                if isinstance(item, Skipped):
                    skipped[item.reason.split(" (")[0]] += 1
                    continue
                site_id, profile = sites.of(item.url)
                if profile is not None and not profile.is_article(item.url):
                    skipped["not an article URL"] += 1
                    continue
                # a profile's article URL is kept even when it yields nothing (as a crawl keeps it); any other
                # page is stored only if the cleaner reads an article in it
                outcome = process_page(archive, site_id, _page(item, file), profile.selectors if profile else None,
                                       keep_failures=profile is not None).value  # fmt: skip
                if outcome == "skipped":
                    skipped["no article in the page"] += 1
                else:
                    outcomes[outcome] += 1
        sync(open_engine(config), archive)
    stored = ", ".join(f"{n} {name}" for name, n in sorted(outcomes.items())) or "nothing"
    others = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items())) or "none"
    click.echo(f"stored {stored}; skipped {sum(skipped.values())} records ({others})")
    if damaged:
        click.echo(f"unionnews: error: {damaged} file(s) ended in a damaged or truncated record (reported above)",
                   err=True)  # fmt: skip
        sys.exit(1)
