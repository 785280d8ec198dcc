"""The odd site's parse function: what its profile's `parse = "tests.sites.odd.parse:parse"` names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def parse(soup: Any) -> dict[str, Any]:
    """The headline from the banner image's alt text, the date from the `data-ts` Unix timestamp."""
    fields: dict[str, Any] = {}
    if (image := soup.select_one("div.banner img.tieu-de")) is not None and image.get("alt"):
        fields["title"] = image["alt"]
    if (stamp := soup.select_one("[data-ts]")) is not None:
        fields["published"] = datetime.fromtimestamp(int(stamp["data-ts"]), UTC)
    return fields
