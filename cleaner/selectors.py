"""Per-site CSS selectors: the first and most precise extraction layer, declared in site profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Selectors:
    """CSS selectors into an article page; any left as None falls back to the generic rules.

    `remove` lists elements inside the body that are the site's own furniture (share bars, pagers),
    `caption` the elements that hold image captions, `byline` the element printing the author.

    `parse` names a function ("package.module:function") for a site no selector can read (a date only in
    a `data-ts` timestamp, a headline only in an image's alt): it receives the page as a BeautifulSoup
    document and returns the fields it found, which win over everything else (cleaner/custom.py).

    `valid_until` is the last fetch date (Vietnam time) a set serves when a site changed its layout: a
    profile keeps the old sets, so a page fetched years ago is re-extracted with the selectors of its
    time (Fundus's VALID_UNTIL). The cleaner itself never looks at it; the profile picks the set.
    """

    title: str | None = None
    body: str | None = None
    date: str | None = None
    byline: str | None = None
    category: str | None = None
    caption: str | None = None
    remove: tuple[str, ...] = ()
    parse: str | None = None
    valid_until: date | None = None
