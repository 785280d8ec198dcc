"""The places unionnews knows by name, before and after the 2025 reorganisation.

On 1 July 2025 Vietnam's 63 provincial units became 34 and the district tier was abolished, so an
article from 2020 about "huyện Chi Lăng, tỉnh Bắc Kạn" must still be findable as news of today's
Thái Nguyên. Every place carries its pre-2025 province and the province that succeeded it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from vnlang.text import fold, normalize, normalize_tones


@dataclass(frozen=True)
class Place:
    name: str  # canonical, new-style tone marks, no administrative word
    kind: str  # municipality | province | city | district | commune | village | country
    province: str | None  # the pre-2025 province it lies in (itself, for a province)
    province_new: str | None  # the post-2025 province or municipality


class Gazetteer:
    def __init__(self, provinces: list[tuple[str, str, str, list[str]]], districts: list[tuple[str, str, str]]) -> None:
        self.provinces: dict[str, Place] = {}
        self.successor: dict[str, str] = {}
        self.districts: dict[str, list[Place]] = {}
        self.names: dict[str, str] = {}  # any spelling (normalised) → canonical name
        self.folded: dict[str, str] = {}  # any spelling folded to ASCII → canonical name, for damaged text
        for name, kind, new_name, aliases in provinces:
            place = Place(name, kind, name, new_name)
            self.successor[normalize(name)] = new_name
            for spelling in (name, *aliases):
                self.provinces.setdefault(normalize(spelling), place)
                self.names[normalize(spelling)] = name
                self.folded.setdefault(fold(spelling), name)
        for name, kind, province in districts:
            place = Place(name, kind, province, self.new_province(province))
            self.districts.setdefault(normalize(name), []).append(place)
            self.names.setdefault(normalize(name), name)
            self.folded.setdefault(fold(name), name)

    def new_province(self, province: str | None) -> str | None:
        if not province:
            return None
        return self.successor.get(normalize(province), normalize_tones(province))

    def province(self, name: str) -> Place | None:
        return self.provinces.get(normalize(name))

    def district(self, name: str, province: str | None = None) -> Place | None:
        candidates = self.districts.get(normalize(name), [])
        if province:
            candidates = [p for p in candidates if normalize(p.province or "") == normalize(province)] or candidates
        return candidates[0] if candidates else None

    def spellings(self) -> list[str]:
        """Every known spelling folded to ASCII, longest first, for one matcher over folded text."""
        return sorted(self.folded, key=len, reverse=True)

    def canonical(self, printed: str) -> str | None:
        """The canonical name of a printed spelling, exact first, else by its ASCII skeleton ("Mai Son") when
        it has two syllables or more: one bare syllable folds onto too many words."""
        exact = self.names.get(normalize(printed))
        return exact or (self.folded.get(fold(printed)) if " " in printed.strip() else None)  # "Chủ" is not "Chũ"


def _rows(resource: str) -> list[list[str]]:
    text = files("cleaner.entities").joinpath("data", resource).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    provinces = [
        (normalize_tones(r[0]), r[1], normalize_tones(r[2]), [a for a in (r[4] if len(r) > 4 else "").split("|") if a])
        for r in _rows("provinces.tsv")
    ]
    districts = [(normalize_tones(r[0]), r[1], normalize_tones(r[2])) for r in _rows("districts.tsv")]
    return Gazetteer(provinces, districts)
