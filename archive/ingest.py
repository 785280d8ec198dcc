"""Fetched page → cleaned article → archive: the one path shared by crawls, `ingest` and `reextract`."""

from __future__ import annotations

import logging

from archive.store import Archive, FetchedPage, Outcome
from archive.templates import learn_template, load_template
from cleaner import ExtractionError, Selectors, extract_html
from cleaner.entities import annotate

log = logging.getLogger(__name__)


def process_page(
    archive: Archive, site_id: int, page: FetchedPage, selectors: Selectors | None = None, run_id: int | None = None,
    keep_failures: bool = True,
) -> Outcome:
    """Extract and store one page; a page that fails to parse is kept with its error, never raised.

    `keep_failures=False` is for pages nobody asked for as articles (the HTML records of a WARC file, the
    captures of a site without article URL shapes): one that yields no article is not stored, and the
    outcome is SKIPPED.
    """
    template = load_template(archive, site_id)
    try:
        article = extract_html(page.body, page.url, selectors, page.content_type, template=template)
        article = annotate(article, archive.province_of(site_id))
    except ExtractionError as exc:
        if not keep_failures:
            return Outcome.SKIPPED
        return archive.store_page(site_id, page, None, str(exc), run_id)
    except Exception as exc:  # a cleaner bug on one odd page must not stop the crawl or lose the page
        log.exception("extraction crashed on %s", page.url)
        return archive.store_page(site_id, page, None, f"{type(exc).__name__}: {exc}", run_id)
    learn_template(archive, site_id, article.title, template)
    return archive.store_page(site_id, page, article, None, run_id)
