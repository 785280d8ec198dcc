"""Vietnamese alphabetical order, for lists of names a person reads (people, places, organisations).

Code-point order puts "Hoàng" before "Hà" (o < à) and "Nguyễn" before "Ngô" (u < ô), because the
precomposed letters with diacritics all sit above ASCII. Dictionaries order the 29 letters
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the foreign f j w z in their Latin
places), compare a syllable's letters before its tone, and order the tones: none, huyền, hỏi, ngã,
sắc, nặng. Names are compared syllable by syllable, so "Hà Văn" comes before "Hàm".
"""

from __future__ import annotations

import unicodedata

from vnlang.text import normalize_tones

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Letters rank above every code point of a digit or punctuation mark, which keep their code-point order.
_LETTER_RANK = {letter: 0x110000 + rank for rank, letter in enumerate(_ALPHABET)}
# Tone marks in dictionary order: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot below).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

SyllableKey = tuple[tuple[int, ...], tuple[int, ...]]


def _syllable(word: str) -> SyllableKey:
    """(letter ranks, tone ranks): the letters decide first, the tones only between equal letters."""
    letters: list[int] = []
    tones: list[int] = []
    for char in word.lower():
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONE_RANK[mark] for mark in decomposed if mark in _TONE_RANK), 0)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in _TONE_RANK))
        letters.append(_LETTER_RANK.get(letter) or (ord(letter[0]) if letter else 0))  # a stray mark: 0
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str) -> tuple[tuple[SyllableKey, ...], str]:
    """A key that sorts Vietnamese text in dictionary order (case, composition and tone style aside).

    Ties between names that differ only in case are broken by the text itself, so the order is total.
    """
    normal = normalize_tones(" ".join(text.split()))
    return tuple(_syllable(word) for word in normal.split()), normal
