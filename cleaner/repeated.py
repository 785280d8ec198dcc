"""Repeated blocks, learnt across pages: text blocks that recur on many pages of one site are boilerplate.

Profiles and generic rules miss some furniture: a site's own slogan line, its address block, a
"Trang thông tin điện tử …" banner printed inside the content cell. Whatever text the site repeats on
`MIN_PAGES` different articles (and half of them) is its furniture, not anybody's article. The cleaner only reads and
fills a `RepeatedBlocks`; the archive (archive/repeated.py) keeps the counts per site and updates
them as pages arrive, so the knowledge grows with the crawl.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

MIN_PAGES = 5  # distinct articles (by headline) a block must appear on to count as repeated
MIN_SEEN = 10  # articles of the site seen before any block is called repeated: little evidence misleads
_MIN_CHARS = 4


def fingerprint(text: str) -> str:
    """Case-, space- and normalisation-blind key of a block, short enough to store by the million."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.blake2b(folded.encode(), digest_size=8).hexdigest()


@dataclass
class RepeatedBlocks:
    """What one site's pages are known to repeat (`known`), and what this page showed (`seen`)."""

    known: frozenset[str] = frozenset()
    observed: list[str] = field(default_factory=list)

    def observe(self, texts: list[str]) -> None:
        self.observed.extend(t for t in texts if len(t) >= _MIN_CHARS)

    @property
    def seen(self) -> set[str]:
        """Fingerprints of the blocks observed, made when asked: the archive counts only some pages' blocks."""
        return {fingerprint(t) for t in self.observed}

    def is_boilerplate(self, text: str) -> bool:
        return bool(self.known) and fingerprint(text) in self.known
