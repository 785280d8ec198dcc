"""HTML (or plain text) → cleaned article, with no dependency on Scrapy.

One code path serves the crawler, `unionnews extract` and re-extraction of stored raw pages, so an
article extracted today and re-extracted next year go through exactly the same rules.
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use: a crawl's own process only needs the CleanedArticle type, and importing the HTML and
# date machinery (trafilatura, dateparser) there would lengthen every cron run that finds nothing new.
_EXPORTS = {
    "CleanedArticle": "cleaner.article", "ExtractionError": "cleaner.article", "NotAnArticle": "cleaner.article",
    "Selectors": "cleaner.selectors",
    "RepeatedBlocks": "cleaner.repeated", "extract_html": "cleaner.html", "extract_text": "cleaner.text",
}  # fmt: skip

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
