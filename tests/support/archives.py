"""A small archive with its search index, built straight from cleaned articles (no crawl): what the
tests of damaged files and of rebuilds under load start from."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from archive.store import Archive, FetchedPage
from cleaner.article import CleanedArticle
from search.embedded.engine import EmbeddedEngine
from unionnews.indexing import sync


def indexed_home(home: Path, site: str, province: str, articles: Iterable[CleanedArticle]) -> Path:
    """`home` as a data directory: archive.sqlite3 holding `articles` of `site`, and index/ synced to it."""
    archive = Archive(f"sqlite:///{home / 'archive.sqlite3'}")
    site_id = archive.ensure_site(site, province)
    for article in articles:
        archive.store_page(site_id, FetchedPage(article.url, b"<html></html>"), article)
    sync(EmbeddedEngine(home / "index"), archive)
    archive.close()
    return home
