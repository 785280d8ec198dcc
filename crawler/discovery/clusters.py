"""Links grouped by URL shape, and how much each group looks like a site's articles before any is opened.

The score only orders the groups for confirmation (confirm.py spends its requests on the likeliest
first); whether a group holds articles is decided by their content, never by the score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from crawler.discovery.page import Link
from crawler.discovery.shapes import Shape, shape_of

_HEADLINE_WORDS = 12  # anchor texts this long are headlines; menu labels have one to four words


@dataclass(frozen=True)
class Sample:
    """A page of a group that was opened: what the cleaner made of it."""

    url: str
    title: str
    published: str | None  # ISO 8601
    reason: str | None  # why it is not an article; None when it is one
    body: str = ""  # the cleaner's body, to compare with what a family's body selector gives
    alias_of: str | None = None  # the page declares another path canonical: it says nothing of its group

    @property
    def accepted(self) -> bool:
        return self.reason is None and self.alias_of is None


@dataclass
class Cluster:
    shape: Shape
    urls: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # URL → its longest anchor text
    in_menu: int = 0
    in_content: int = 0
    linked_from: set[str] = field(default_factory=set)
    samples: list[Sample] = field(default_factory=list)

    def add(self, page_url: str, link: Link) -> None:
        if link.url not in self.texts:
            self.urls.append(link.url)
            self.texts[link.url] = ""
        if len(link.text) > len(self.texts[link.url]):
            self.texts[link.url] = link.text
        if link.in_menu:
            self.in_menu += 1
        else:
            self.in_content += 1
        self.linked_from.add(page_url)

    @property
    def accepted(self) -> list[Sample]:
        return [s for s in self.samples if s.accepted]

    @property
    def judged(self) -> list[Sample]:
        """The opened pages that are pages of their own (not aliases of others)."""
        return [s for s in self.samples if s.alias_of is None]

    @property
    def confirmed(self) -> bool:
        """Most of its opened pages are articles (two at least, or its only page)."""
        good, judged = len(self.accepted), len(self.judged)
        return good >= min(2, judged) and good > 0 and good * 3 >= judged * 2

    @property
    def mixed(self) -> bool:
        """Some opened pages were articles and some not: its URLs alone cannot tell."""
        return bool(self.accepted) and len(self.accepted) < len(self.judged)

    def score(self) -> float:
        if not self.shape.identified:
            return 0.0
        words = sorted(len(t.split()) for t in self.texts.values() if t)
        median = words[len(words) // 2] if words else 0
        content = self.in_content / max(1, self.in_content + self.in_menu)
        return math.log1p(len(self.urls)) * (0.2 + content) * min(median, _HEADLINE_WORDS) / _HEADLINE_WORDS

    def spread(self, n: int) -> list[str]:
        """n of its URLs spread over the order they were seen in (newest, middle, oldest of a listing)."""
        if len(self.urls) <= n:
            return list(self.urls)
        step = (len(self.urls) - 1) / (n - 1) if n > 1 else 0
        return list(dict.fromkeys(self.urls[round(i * step)] for i in range(n)))


def cluster_links(seen: Iterable[tuple[str, Link]]) -> dict[Shape, Cluster]:
    """Group (page URL, link) sightings by the link's shape."""
    clusters: dict[Shape, Cluster] = {}
    for page_url, link in seen:
        shape = shape_of(link.url)
        clusters.setdefault(shape, Cluster(shape)).add(page_url, link)
    return clusters
