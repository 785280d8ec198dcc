"""HTML (or plain text) → cleaned article, with no dependency on Scrapy.

One code path serves the crawler, `unionnews extract` and re-extraction of stored raw pages, so an
article extracted today and re-extracted next year go through exactly the same rules.
"""

from cleaner.article import Article, ExtractionError
from cleaner.html import extract_html
from cleaner.selectors import Selectors
from cleaner.templates import SiteTemplate
from cleaner.text import extract_text

__all__ = ["Article", "ExtractionError", "Selectors", "SiteTemplate", "extract_html", "extract_text"]
