"""The researcher's web app: search, articles, raw pages and site overviews over the archive, with a JSON API.

`create_app(config)` builds it; `unionnews serve` runs it with uvicorn. Every page is rendered on the
server and ships no JavaScript, so its Content-Security-Policy can forbid scripts outright: text from
scraped pages is escaped by the templates, and even a slip there could not run code.
"""

from unionnews.web.app import create_app

__all__ = ["create_app"]
