"""What the app says about itself in the warcinfo record of a WARC it writes."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from search.query import SearchRequest


def software() -> str:
    try:
        return f"unionnews/{version('unionnews')}"
    except PackageNotFoundError:
        return "unionnews"


def warcinfo(request: SearchRequest | None = None) -> dict[str, Any]:
    """warcinfo fields (WARC 1.1 §6.2 and the IIPC's recommended ones): who wrote it, from what, and which pages."""
    selection = []
    if request is not None:
        if request.text.strip():
            selection.append(f"query={request.text.strip()}")
        for field, values in request.filters.items():
            selection.append(f"{field.param}={', '.join(field.show(v) for v in values)}")
    return {
        "software": software(),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "description": "Article pages of Vietnamese labour-union federation sites, as fetched or captured, "
        "from a unionnews archive" + (f" ({'; '.join(selection)})" if selection else ""),
        "isPartOf": "unionnews archive",
    }
