""""Did you mean" on the embedded engine: search.suggest over a snapshot's terms."""

from __future__ import annotations

from collections import Counter

from search import suggest as shared
from search.embedded.snapshot import Snapshot
from search.suggest import Vocabulary


def vocabulary(snap: Snapshot) -> Vocabulary:
    """The snapshot's syllables as spelled in titles and bodies, once per index generation (at a server's
    start, EmbeddedEngine.warm)."""
    found = snap.derived.get("vocabulary")
    if isinstance(found, Vocabulary):
        return found
    spellings: Counter[str] = Counter()
    for field, weight in (("title", 2), ("body", 1)):  # titles are the better-edited text
        for term, info in snap.reader.iter_field(field):
            spellings[term.decode("utf-8") if isinstance(term, bytes) else term] += weight * info.doc_frequency()
    found = shared.build_vocabulary(spellings)
    snap.derived["vocabulary"] = found
    return found


def _known(snap: Snapshot, folded: str) -> bool:
    return any(snap.postings(field, folded)[0].size for field in ("body_fold", "title_fold"))


def suggest(snap: Snapshot, text: str) -> str | None:
    """The query with each syllable the index does not hold replaced by the closest one it does."""
    return shared.suggest(text, lambda folded: _known(snap, folded), lambda: vocabulary(snap))
