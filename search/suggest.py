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


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def _closest(snap: Snapshot, folded: str) -> str | None:
    """The nearest syllable in the index; among equally near ones, the most frequent.

    (Whoosh's own corrector ranks every candidate within the distance by frequency alone.)
    """
    candidates = snap.searcher.suggest("body_fold", folded, limit=50, maxdist=2)
    if not candidates:
        return None
    return min(candidates, key=lambda c: (_distance(folded, c), -snap.postings("body_fold", c)[0].size))


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
            best = _closest(snap, part)
            fixed.append(best or part)
            changed |= best is not None
        forms = _exact_forms(snap)
        respelled = " ".join(forms.get(p, p) for p in fixed)
        out.append(respelled[:1].upper() + respelled[1:] if word[:1].isupper() else respelled)
    out.append(text[last:])
    return "".join(out).strip() if changed else None
