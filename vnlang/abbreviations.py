"""The one curated list of union and administrative abbreviations (vnlang/data/abbreviations.txt).

Two users read it. Search expands at query time, both ways, so the list can grow without reindexing:
a query for "LĐLĐ" also looks for the syllables "liên đoàn lao động" side by side, and a query that
contains "Liên đoàn Lao động" also looks for "LĐLĐ". The entity rules spell organisation names out
("LĐLĐ tỉnh Bắc Kạn" → "Liên đoàn Lao động tỉnh Bắc Kạn"), so they need the written form of each
expansion, capitals included: the file keeps it, and search normalises its own copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from vnlang.text import fold, normalize, normalize_tones


@dataclass(frozen=True)
class Abbreviation:
    short: str  # normalised, e.g. "lđlđ"
    long: tuple[str, ...]  # normalised syllables, e.g. ("liên", "đoàn", "lao", "động")
    written: tuple[str, str]  # as the list writes them, e.g. ("LĐLĐ", "Liên đoàn Lao động")


@dataclass(frozen=True)
class Abbreviations:
    by_short: dict[str, Abbreviation]  # folded short form → entry
    by_long: dict[tuple[str, ...], Abbreviation]  # folded expansion syllables → entry

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.by_long), default=0)

    def written(self, short: str) -> str:
        """The expansion of `short` as it is written in a name ("UBND" → "Ủy ban nhân dân")."""
        return self.by_short[fold(short)].written[1]


def parse(lines: list[str]) -> Abbreviations:
    by_short: dict[str, Abbreviation] = {}
    by_long: dict[tuple[str, ...], Abbreviation] = {}
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        short, sep, long = (part.strip() for part in line.partition("="))
        if not sep or not short or not long or " " in short:
            raise ValueError(f"abbreviations line {number}: expected 'ABBR = expansion', got {line!r}")
        entry = Abbreviation(normalize(short), tuple(normalize(long).split()), (short, " ".join(long.split())))
        by_short[fold(entry.short)] = entry
        by_long.setdefault(tuple(fold(s) for s in entry.long), entry)
    return Abbreviations(by_short, by_long)


@cache
def load() -> Abbreviations:
    text = files("vnlang").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    return parse(text.splitlines())


# The abbreviations that head the names of bodies, longest first where one begins another ("TP." before "TP").
NAME_HEADS = ("LĐLĐ", "CĐCS", "UBND", "HĐND", "BHXH", "HTX", "MTTQ", "TLĐLĐVN", "LĐ-TB&XH", "LĐTB&XH", "GD&ĐT", "TP.", "TP")


@cache
def _name_heads() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"(?<!\w){re.escape(short)}(?!\w)"), load().written(short)) for short in NAME_HEADS)


@lru_cache(maxsize=4096)  # a few heads and levels ("LĐLĐ", "tỉnh") recur on every page
def expand_name(name: str) -> str:
    """A body's name spelled out, one tone style, single spaces: "LĐLĐ tỉnh Bắc Kạn" → "Liên đoàn Lao động tỉnh Bắc Kạn".

    The entity rules store organisations so, and a filter on an organisation expands what the user typed
    the same way, so both meet on one name.
    """
    for short, long in _name_heads():
        name = short.sub(long, name)
    return normalize_tones(" ".join(name.split()))
