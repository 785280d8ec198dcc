"""How an extraction is scored against gold: the published AEB metric, and field accuracy.

`shingle_counts` follows scrapinghub's article-extraction-benchmark exactly (\\w+ tokens, 4-token
shingles, per-page tp/fp/fn normalised to sum 1, precision and recall macro-averaged, F1 of the two
means), so the aeb figure here is comparable with the published ones. With n=1 it is the "body F1
over words" of the own gold set.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from datetime import datetime

_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text or ""))
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_counts(true: str, pred: str, n: int = 4) -> Counts:
    gold, got = _shingles(true, n), _shingles(pred, n)
    tp, fp, fn = sum((gold & got).values()), sum((got - gold).values()), sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def prf(counts: list[Counts]) -> tuple[float, float, float]:
    """Macro precision, recall and F1 over pages, as the AEB evaluate.py computes them."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def squash(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def same_text(gold: str | None, got: str | None) -> bool:
    return squash(gold) == squash(got)


_AUTHOR_JOIN = re.compile(r"\s*(?:[,;&/|]|\band\b)\s*", re.IGNORECASE)
_AUTHOR_BY = re.compile(r"^by\s+", re.IGNORECASE)


def same_author(gold: str | None, got: str | None) -> bool:
    """The same names in the same order, whatever joins them ("A, B" = "A; B" = "A and B"), case aside.

    A page whose gold names nobody must yield nobody: a site name or an account put in as author is wrong.
    """
    def names(text: str | None) -> list[str]:
        text = _AUTHOR_BY.sub("", squash(text).casefold())
        return [n.strip(" .") for n in _AUTHOR_JOIN.split(text) if n.strip(" .")]

    return names(gold) == names(got)


def same_minute(gold: datetime | None, got: datetime | None) -> bool:
    """Equal to the minute as instants; a page with no date must yield none."""
    if gold is None or got is None:
        return gold is None and got is None
    if got.tzinfo is None:
        return False  # a naive time names no instant
    return gold.replace(second=0, microsecond=0) == got.replace(second=0, microsecond=0)


def leaked(body: str, leaks: tuple[str, ...]) -> list[str]:
    text = squash(body).casefold()
    return [leak for leak in leaks if squash(leak).casefold() in text]
