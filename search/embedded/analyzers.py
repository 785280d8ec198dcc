"""Whoosh analyzers over search.analysis: each text's syllables exact, folded, and as folded bigrams."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import Analyzer

from search.analysis import analyse, folded_bigrams
from vnlang.text import fold


class _Tokenizer(Tokenizer):
    def terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (text, start, end) in enumerate(self.terms(value) if tokenize else [(value, 0, len(value))]):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class SyllableTokenizer(_Tokenizer):
    def __init__(self, folded: bool) -> None:
        self.folded = folded

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SyllableTokenizer) and other.folded == self.folded

    def terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        analysed = analyse(text)
        for start, end, _ in analysed.spans:
            if not self.folded:
                yield analysed.exact[start:end], start, end
            else:
                yield analysed.folded[start:end] if analysed.folded else fold(analysed.exact[start:end]), start, end


class BigramTokenizer(_Tokenizer):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, BigramTokenizer)

    def terms(self, text: str) -> Iterator[tuple[str, int, int]]:
        return folded_bigrams(analyse(text))


def exact_analyzer() -> Analyzer:
    return SyllableTokenizer(folded=False)


def folded_analyzer() -> Analyzer:
    return SyllableTokenizer(folded=True)


def bigram_analyzer() -> Analyzer:
    return BigramTokenizer()
