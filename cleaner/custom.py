"""A site's own parse function: the escape hatch for pages that no selector can read.

A profile's selector set may name `parse = "package.module:function"`. The function receives the page
as a BeautifulSoup document (lxml parser: the forgiving parser the rest of the cleaner uses) and
returns a dict of the fields it could read. Those win over the cleaner's own cascade; the fields it
leaves out are found as usual. It runs where the cleaning runs (the crawl's workers, `reextract`,
`extract`), never in Scrapy, so a site's oddity stays in one small function beside its profile.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from cleaner.article import ExtractionError
from vnlang.dates import VIETNAM, parse_date
from vnlang.text import nfc

TEXT_FIELDS = ("title", "author", "byline", "body", "category")
FIELDS = (*TEXT_FIELDS, "published", "captions")


@cache
def _load(spec: str) -> Callable[[Any], Any]:
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ExtractionError(f"parse function {spec}: cannot load it ({exc})") from None


def _published(value: Any, spec: str) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VIETNAM)  # the sites print Vietnam time
    if isinstance(value, str):
        if (parsed := parse_date(value)) is None:
            raise ExtractionError(f"parse function {spec}: published {value!r} is not a date")
        return parsed
    if value is None:
        return None
    raise ExtractionError(f"parse function {spec}: published must be a datetime or a string, got {value!r}")


def custom_fields(spec: str, html: str) -> dict[str, Any]:
    """Run the named function over the page and check what it returned: text NFC, dates aware."""
    from bs4 import BeautifulSoup  # only sites with a parse function need it

    found = _load(spec)(BeautifulSoup(html, "lxml"))
    if not isinstance(found, dict):
        raise ExtractionError(f"parse function {spec}: returned {type(found).__name__}, not a dict of fields")
    if unknown := sorted(set(found) - set(FIELDS)):
        raise ExtractionError(
            f"parse function {spec}: unknown fields {', '.join(unknown)} (known: {', '.join(FIELDS)})"
        )
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if (value := found.get(name)) is not None:
            if not isinstance(value, str):
                raise ExtractionError(f"parse function {spec}: {name} must be a string, got {value!r}")
            if value.strip():
                fields[name] = nfc(value.strip())
    if "published" in found:
        fields["published"] = _published(found["published"], spec)
    if (captions := found.get("captions")) is not None:
        if not isinstance(captions, list | tuple) or not all(isinstance(c, str) for c in captions):
            raise ExtractionError(f"parse function {spec}: captions must be a list of strings")
        fields["captions"] = tuple(nfc(c.strip()) for c in captions if c.strip())
    return fields
