"""Per-site CSS selectors: the first and most precise extraction layer, declared in site profiles."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selectors:
    """CSS selectors into an article page; any left as None falls back to the generic rules.

    `remove` lists elements inside the body that are the site's own furniture (share bars, pagers),
    `caption` the elements that hold image captions, `byline` the element printing the author.
    """

    title: str | None = None
    body: str | None = None
    date: str | None = None
    byline: str | None = None
    category: str | None = None
    caption: str | None = None
    remove: tuple[str, ...] = ()
