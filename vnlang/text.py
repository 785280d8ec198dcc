"""Vietnamese text normalisation shared by indexing, querying and the cleaner.

Index and query must agree on one spelling of every word, or "Hoà Bình" and "Hòa Bình" become two
different terms. Three things vary in real pages: Unicode composition (NFD from some editors and
windows-1258), tone-mark placement in open oa/oe/uy syllables (old "hoà, thuỷ, khoẻ" beside new
"hòa, thủy, khỏe"), and damaged or missing diacritics ("đuợc", "co sở", typed "cong doan"). The
first two are normalised exactly; the third is handled by folding to plain ASCII letters.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks that carry a tone; circumflex, breve and horn are part of the letter, not the tone.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# The end of a word whose tone sits on the second vowel of an open oa/oe/uy (old style): only such words
# can need a move, and looking for their last two letters first keeps the scan fast on long articles.
_OLD_STYLE_END = re.compile(r"(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
# An open syllable whose nucleus is oa/oe/uy: the only place the two tone-mark styles disagree.
# "qu" is a consonant, so "quý" has its single right place already.
_OPEN_GLIDE = re.compile(r"^(?P<onset>[bcdđghklmnprstvx]*?)(?P<glide>[ou])(?P<vowel>[aey])$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_name(text: str | None) -> str:
    """A name as one exact value: NFC with single spaces, so an exact filter and the facet it came from agree."""
    return " ".join(nfc(text or "").split())


def _place_tone(word: str) -> str:
    """Move the tone of an open oa/oe/uy syllable onto its first vowel (hoà → hòa, THUỶ → THỦY)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = nfc("".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    match = _OPEN_GLIDE.match(bare.lower())
    if not match or (match["onset"].endswith("q")):
        return word
    glide_at = match.start("glide")
    toned = bare[:glide_at] + nfc(bare[glide_at] + tones[0]) + bare[glide_at + 1 :]
    return toned


def normalize_tones(text: str) -> str:
    """NFC text with one tone-mark placement throughout (the hòa/thủy/khỏe style)."""
    text = nfc(text)
    parts: list[str] = []
    last = 0
    for match in _OLD_STYLE_END.finditer(text):
        start = match.start()
        while start > last and text[start - 1].isalnum():
            start -= 1
        parts += [text[last:start], _place_tone(text[start : match.end()])]
        last = match.end()
    return "".join(parts) + text[last:] if parts else text


def _fold_table() -> dict[int, str | None]:
    """Every precomposed Latin letter → its base letter, combining marks → nothing, đ → d."""
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370)}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(ch for ch in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(ch))
        if base != chr(cp) and base.isascii():
            table[cp] = base
    table.update({ord("đ"): "d", ord("Đ"): "D"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case ASCII skeleton: diacritics dropped and đ → d, so "Đuợc" and "được" meet as "duoc"."""
    return text.translate(_FOLD).lower()


def normalize(text: str) -> str:
    """The exact-diacritic form used for indexing and querying: NFC, one tone style, lower case."""
    return normalize_tones(text).lower()
