"""Fetched page → cleaned article → archive: the one path shared by crawls, backfills, `ingest`, `ingest-warc` and `reextract`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from archive.store import Archive, FetchedPage, Outcome
from archive.repeated import learn_repeated_blocks, load_repeated_blocks
from cleaner import CleanedArticle, ExtractionError, NotAnArticle, Selectors, extract_html
from cleaner.entities import annotate
from cleaner.repeated import RepeatedBlocks

log = logging.getLogger(__name__)


def process_page(
    archive: Archive,
    site_id: int,
    page: FetchedPage,
    selectors: Selectors | None = None,
    run_id: int | None = None,
    *,
    keep_failures: bool = True,
    require_article: bool = False,
) -> Outcome:
    """Extract and store one page; a page that fails to parse is kept with its error, never raised.

    `keep_failures=False` is for pages nobody asked for as articles (the HTML records of a WARC file): one
    that yields no article is not stored, and the outcome is SKIPPED. `require_article`: the page's URL did
    not say it is an article, so its content must (cleaner.acceptance); a page that is something else is
    kept as a raw page with the reason.
    """
    try:
        cleaned = clean_page(archive, site_id, page, selectors, require_article)
    except ExtractionError as exc:
        if not keep_failures:
            return Outcome.SKIPPED
        if require_article or isinstance(exc, NotAnArticle):  # a page its URL never claimed to be an article
            return archive.store_page(site_id, page, None, str(exc), run_id, outcome=Outcome.NOT_ARTICLE)
        return archive.store_page(site_id, page, None, str(exc), run_id)
    except Exception as exc:  # a cleaner bug on one odd page must not stop the crawl or lose the page
        log.exception("extraction crashed on %s", page.url)
        return archive.store_page(site_id, page, None, f"{type(exc).__name__}: {exc}", run_id)
    return store_article(archive, site_id, page, cleaned, run_id)


@dataclass(frozen=True)
class Cleaned:
    """A page's article, and the site's repeated blocks that cleaned it (which has counted the page's blocks)."""

    article: CleanedArticle
    repeated: RepeatedBlocks


def clean_page(archive: Archive, site_id: int, page: FetchedPage, selectors: Selectors | None = None,
               require_article: bool = False) -> Cleaned:  # fmt: skip
    """The article a page yields, exactly as `process_page` stores it (ExtractionError if none)."""
    repeated = load_repeated_blocks(archive, site_id)
    article = extract_html(page.body, page.url, selectors, page.content_type, repeated=repeated,
                           require_article=require_article)  # fmt: skip
    return Cleaned(annotate(article, archive.province_of(site_id)), repeated)


def store_article(archive: Archive, site_id: int, page: FetchedPage, cleaned: Cleaned,
                  run_id: int | None = None) -> Outcome:  # fmt: skip
    """Store a page with its article (the backfill cleans several captures and stores the one it chose)."""
    learn_repeated_blocks(archive, site_id, cleaned.article.title, cleaned.repeated)
    return archive.store_page(site_id, page, cleaned.article, None, run_id)
