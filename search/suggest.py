""""Did you mean": for a query with no hits, the nearest spellings the index actually holds."""

from __future__ import annotations

import re
from collections import Counter

from search.analysis import syllables
from search.snapshot import Snapshot
from search.vietnamese import fold

_WORD = re.compile(r"[^\s\"()]+")


def _exact_forms(snap: Snapshot) -> dict[str, str]:
    """Folded syllable → its most frequent spelling with diacritics, so a suggestion reads as Vietnamese."""
    cached = getattr(snap, "_exact_forms", None)
    if cached is None:
        counts: Counter[str] = Counter()
        for field, weight in (("title", 2), ("body", 1)):  # titles are the better-edited text
            for term, info in snap.reader.iter_field(field):
                counts[term.decode("utf-8") if isinstance(term, bytes) else term] += weight * info.doc_frequency()
        best: dict[str, tuple[int, str]] = {}
        for text, count in counts.items():
            key = fold(text)
            if count > best.get(key, (0, ""))[0]:
                best[key] = (count, text)
        cached = {key: text for key, (_, text) in best.items()}
        snap._exact_forms = cached  # type: ignore[attr-defined]
    return cached


def _known(snap: Snapshot, folded: str) -> bool:
    return any(snap.postings(field, folded)[0].size for field in ("body_fold", "title_fold"))


def suggest(snap: Snapshot, text: str) -> str | None:
    """The query with each syllable the index does not hold replaced by the closest one it does."""
    changed = False
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        out.append(text[last : match.start()])
        last = match.end()
        parts = [fold(s.text) for s in syllables(word)]
        if word in ("AND", "OR", "NOT") or not parts or all(_known(snap, p) for p in parts):
            out.append(word)
            continue
        fixed = []
        for part in parts:
            if _known(snap, part):
                fixed.append(part)
                continue
            candidates = snap.searcher.suggest("body_fold", part, limit=1, maxdist=2)
            fixed.append(candidates[0] if candidates else part)
            changed |= bool(candidates)
        forms = _exact_forms(snap)
        out.append(" ".join(forms.get(p, p) for p in fixed))
    out.append(text[last:])
    return "".join(out).strip() if changed else None
