"""`extract` and `ingest`: saved pages through the same cleaner and pipeline as a crawl."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.config import Config
from archive.ingest import process_page
from archive.store import FetchedPage, Outcome
from cleaner import ExtractionError, extract_html, extract_text
from cleaner.entities import annotate
from crawler.sites import Profiles, SiteProfile
from unionnews.commands import open_archive, site_profiles
from unionnews.indexing import open_engine, sync


def _read_page(path: str) -> bytes:
    data = Path(path).read_bytes()
    if not data.strip():
        raise ExtractionError("file is empty")
    return data


_HOST = re.compile(r"^(?:[\w-]+\.)*[\w-]+$|^\[[0-9a-f:.]+\]$", re.IGNORECASE)  # names (IDN too) and [IPv6]


def page_url(url: str) -> str:
    """The URL an ingested page is filed under: web pages only. A javascript: or data: URL, or a host
    such as `"><script>`, would be stored and shown as the article's link to the original."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise click.BadParameter(f"{url[:80]!r} is not an http(s) URL", param_hint="--url")
    host = parts.netloc.rpartition("@")[2]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 or (host.startswith("[") and "]:" in host) else host
    if not host or not _HOST.match(host):
        raise click.BadParameter(f"{url[:80]!r} has no valid host name", param_hint="--url")
    return url


def _profile_for(profiles: Profiles, site: str | None, url: str) -> SiteProfile | None:
    return profiles.get(site) if site else profiles.for_url(url)


def _record(profiles: Profiles, path: str, url: str, site: str | None, as_text: bool) -> dict[str, object]:
    profile = _profile_for(profiles, site, url)
    try:
        if as_text:
            article = extract_text(_read_page(path), url)
        else:
            article = extract_html(_read_page(path), url, profile.selectors if profile else None)
        article = annotate(article, profile.province if profile else None)
    except ExtractionError as exc:
        raise ExtractionError(f"{path}: {exc}") from None
    record = article.to_record()
    return {"site": profile.name, "province": profile.province, **record} if profile else record


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", "urls", multiple=True,
              help="The page's original URL, once per FILE in order (default: the file's path as a file:// URL).")
@click.option("--site", help="Use this site profile's selectors (default: the profile the URL belongs to, if any).")
@click.option("--text", "as_text", is_flag=True, help="FILE is the page as plain text, not HTML.")
@click.pass_obj
def extract(config: Config, files: tuple[str, ...], urls: tuple[str, ...], site: str | None, as_text: bool) -> None:
    """Clean saved pages (HTML, or plain text with --text) and print each article as JSON.

    One FILE prints one JSON object. Several print one object per line, in order, all in one process
    (the cleaner's start-up is paid once); a page that yields no article is reported on stderr, the
    others are still printed, and the exit status is non-zero.
    """
    if urls and len(urls) != len(files):
        raise click.BadParameter(f"{len(files)} files but {len(urls)} --url values", param_hint="--url")
    pairs = list(zip(files, urls or [Path(f).resolve().as_uri() for f in files], strict=True))
    profiles = site_profiles(config, warn=False)
    if len(pairs) == 1:
        click.echo(json.dumps(_record(profiles, *pairs[0], site, as_text), ensure_ascii=False, indent=2))
        return
    failures = 0
    for path, url in pairs:
        try:
            click.echo(json.dumps(_record(profiles, path, url, site, as_text), ensure_ascii=False))
        except ExtractionError as exc:
            failures += 1
            click.echo(f"unionnews: error: {exc}", err=True)
    if failures:
        click.echo(f"unionnews: error: {failures} of {len(pairs)} pages yielded no article", err=True)
        sys.exit(2)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", "urls", multiple=True, help="Original URL of each file, in order (repeat once per file).")
@click.option("--site", help="Site profile (default: by URL; else a site named after the URL's host).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {file, url, outcome, reason}.")
@click.pass_obj
def ingest(config: Config, files: tuple[str, ...], urls: tuple[str, ...], site: str | None, as_json: bool) -> None:
    """Store saved pages in the archive and index, exactly as a crawl would.

    A page is taken for an article as a crawl takes it: when its site's profile names its URL an
    article's. Any other page must read as one (a headline and date of its own, prose rather than links);
    a home page or a listing is kept as a raw page with the reason, printed beside it, and the command
    exits 1.
    """
    if urls and len(urls) != len(files):
        raise click.BadParameter(f"{len(files)} files but {len(urls)} --url values", param_hint="--url")
    pairs = list(zip(files, [page_url(u) for u in urls] or [Path(f).resolve().as_uri() for f in files], strict=True))
    failures, records = 0, []
    profiles = site_profiles(config, warn=False)
    with open_archive(config) as archive:
        for path, url in pairs:
            profile = _profile_for(profiles, site, url)
            if profile:
                site_id = archive.ensure_site(profile.name, profile.province, profile.base_url)
            else:
                site_id = archive.ensure_site(site or urlsplit(url).hostname or "local")
            page = FetchedPage(profile.canonical(url) if profile else url, Path(path).read_bytes(), source="file")
            claimed = bool(profile and profile.is_article(url) and not profile.content_decides)
            outcome = process_page(archive, site_id, page, profile.selectors if profile else None,
                                   require_article=not claimed)  # fmt: skip
            reason = archive.extraction_error(page.url) if outcome in (Outcome.FAILED, Outcome.NOT_ARTICLE) else None
            failures += reason is not None
            records.append({"file": path, "url": url, "outcome": outcome.value, "reason": reason})
            if not as_json:
                click.echo(f"{outcome.value:<12}{url}" + (f": {reason}" if reason else ""))
        sync(open_engine(config), archive)
    if as_json:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    if failures:
        click.echo(f"unionnews: error: {failures} of {len(pairs)} pages yielded no article (kept with the reason)", err=True)
        sys.exit(1)
