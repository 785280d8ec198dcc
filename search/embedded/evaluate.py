"""The query tree evaluated on a snapshot: a mask of matching articles and a score for each.

Scores are BM25 per field, summed with these weights; image captions count, below the body. A syllable matches through the folded fields
(so "cong doan", "co sở" and "đuợc" match); when the query carries diacritics, the exact fields add
their own score plus a bonus worth more than any folded-only match, which is what ranks pages with
the right diacritics first. Side-by-side syllables score again through the bigram fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from search.embedded.schema import SOURCES
from search.embedded.snapshot import K1, Snapshot
from search.query import Alternatives, And, Item, Node, Not, Or, Phrase, Run
from vnlang.text import fold

WEIGHTS = {"title": 1.5, "body": 1.0, "captions": 0.5, "title_fold": 1.0, "body_fold": 0.6, "captions_fold": 0.3,
           "title_bi": 4.0, "body_bi": 3.0, "captions_bi": 1.5}  # fmt: skip


@dataclass
class Evaluation:
    snapshot: Snapshot
    scores: np.ndarray
    accented: bool  # the query has diacritics: exact forms matter

    def node(self, node: Node, score: bool = True) -> np.ndarray:
        if isinstance(node, Not):
            return self.snapshot.live & ~self.node(node.part, score=False)
        if isinstance(node, And):
            mask = self.node(node.parts[0], score)
            for part in node.parts[1:]:
                mask &= self.node(part, score)
            return mask
        if isinstance(node, Or):
            mask = self.node(node.parts[0], score)
            for part in node.parts[1:]:
                mask |= self.node(part, score)
            return mask
        if isinstance(node, Phrase):
            spellings = [self.phrase(spelling, score) for spelling in node.spellings]
            return np.logical_or.reduce(spellings)
        return self.run(node, score)

    def run(self, run: Run, score: bool) -> np.ndarray:
        mask = self.item(run.items[0], score)
        for item in run.items[1:]:
            mask &= self.item(item, score)
        if score:
            for pair in run.pairs:
                self.bigram(f"{fold(pair[0])} {fold(pair[1])}", score)
        return mask

    def item(self, item: Item, score: bool) -> np.ndarray:
        if isinstance(item, Alternatives):
            return self.syllable(item.short, score) | self.phrase(item.long, score, syllables_score=False)
        return self.syllable(item, score)

    def phrase(self, syllables: tuple[str, ...], score: bool, syllables_score: bool = True) -> np.ndarray:
        if len(syllables) == 1:
            return self.syllable(syllables[0], score)
        folded = [fold(s) for s in syllables]
        mask = self.snapshot.live.copy()
        for before, after in zip(folded, folded[1:], strict=False):
            mask &= self.bigram(f"{before} {after}", score)
        if score and syllables_score and self.accented:
            for text in syllables:
                self.exact(text)
        return mask

    def bigram(self, pair: str, score: bool) -> np.ndarray:
        return self.fields("_bi", pair, score)

    def syllable(self, text: str, score: bool) -> np.ndarray:
        mask = self.fields("_fold", fold(text), score)
        if score and self.accented:
            self.exact(text)
        return mask

    def fields(self, suffix: str, term: str, score: bool) -> np.ndarray:
        """The documents holding `term` in the title, body or captions field of this kind, each field scored."""
        mask = np.zeros(self.snapshot.size, dtype=bool)
        for source in SOURCES:
            if score:
                self.snapshot.add_bm25(self.scores, source + suffix, term, WEIGHTS[source + suffix])
            mask |= self.snapshot.mask(source + suffix, term)
        return mask

    def exact(self, text: str) -> None:
        """Exact-form BM25, plus a bonus above the best a folded-only match of this syllable can score."""
        snap = self.snapshot
        exact = self.fields("", text, score=True)
        bonus = snap.idf("body_fold", fold(text)) * (K1 + 1.0) * (WEIGHTS["title_fold"] + WEIGHTS["body_fold"])
        self.scores[exact] += bonus


def evaluate(snapshot: Snapshot, node: Node, accented: bool) -> tuple[np.ndarray, np.ndarray]:
    scores = np.zeros(snapshot.size, dtype=np.float32)
    mask = Evaluation(snapshot, scores, accented).node(node)
    return mask & snapshot.live, scores
