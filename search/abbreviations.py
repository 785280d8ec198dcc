"""The curated list of union and administrative abbreviations (search/data/abbreviations.txt).

Expansion happens at query time, both ways, so the list can grow without reindexing: a query for
"LĐLĐ" also looks for the syllables "liên đoàn lao động" side by side, and a query that contains
"Liên đoàn Lao động" also looks for "LĐLĐ".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from search.vietnamese import fold, normalize


@dataclass(frozen=True)
class Abbreviation:
    short: str  # normalised, e.g. "lđlđ"
    long: tuple[str, ...]  # normalised syllables, e.g. ("liên", "đoàn", "lao", "động")


@dataclass(frozen=True)
class Abbreviations:
    by_short: dict[str, Abbreviation]  # folded short form → entry
    by_long: dict[tuple[str, ...], Abbreviation]  # folded expansion syllables → entry

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.by_long), default=0)


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
        entry = Abbreviation(normalize(short), tuple(normalize(long).split()))
        by_short[fold(entry.short)] = entry
        by_long[tuple(fold(s) for s in entry.long)] = entry
    return Abbreviations(by_short, by_long)


@cache
def load() -> Abbreviations:
    text = files("search").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    return parse(text.splitlines())
