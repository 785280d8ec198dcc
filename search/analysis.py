"""Whoosh analyzers for Vietnamese.

Each text is indexed twice: in its exact form (NFC, one tone-mark style, lower case) and folded to
ASCII. A query runs against both, the exact fields boosted, so "công đoàn" ranks pages that print
"công đoàn" first while "cong doan" and damaged text ("co sở", "đuợc") still meet in the folded form.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Filter, RegexTokenizer, Token
from whoosh.analysis.analyzers import Analyzer

from search.vietnamese import fold, normalize

# Numbers like "18.000" stay one token, as Vietnamese prints thousands with dots.
_TOKEN = r"\w+(?:[.,]\d+)*"


class ExactFilter(Filter):
    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = normalize(token.text)
            yield token


class FoldFilter(Filter):
    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def exact_analyzer() -> Analyzer:
    return RegexTokenizer(_TOKEN) | ExactFilter()


def folded_analyzer() -> Analyzer:
    return RegexTokenizer(_TOKEN) | FoldFilter()
