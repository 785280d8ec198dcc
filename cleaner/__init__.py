"""HTML (or plain text) → cleaned article, with no dependency on Scrapy.

One code path serves the crawler, `unionnews extract` and re-extraction of stored raw pages, so an
article extracted today and re-extracted next year go through exactly the same rules.
"""

from cleaner.article import Article, ExtractionError
from cleaner.html import extract_html
from cleaner.selectors import Selectors

__all__ = ["Article", "ExtractionError", "Selectors", "extract_html"]
