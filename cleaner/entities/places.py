"""Places: gazetteer names where the text capitalises them, and unknown communes or villages by cue.

A gazetteer spelling counts only when printed capitalised ("Chợ Mới" the district, not "chợ mới" a new
market). The administrative word before a name decides between a province and its same-named city
or district. Unknown places come from their cue ("xã La Bằng", "bản Nà Ngần") and inherit the
article's province.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cleaner.article import Entity
from cleaner.entities.gazetteer import Gazetteer, Place, load_gazetteer
from cleaner.entities.people import SURNAMES
from cleaner.entities.text import CAPITAL, Word, capitalised_runs, is_capitalised, looks_like_person
from vnlang.text import fold, normalize, normalize_tones

_DISTRICT_CUE = re.compile(r"(?:huyện|thị xã|quận|thành phố|tp\.?)\s*$", re.IGNORECASE)
_LOCAL_CUE = re.compile(
    r"(?P<cue>\b(?:xã|phường|thị trấn|thôn|bản|xóm|làng|tổ dân phố|khu phố|huyện|thị xã|quận|đặc khu|điểm trường)\s+)$",
    re.IGNORECASE,
)
# Industrial parks and economic zones keep their type word ("Khu công nghiệp Yên Bình" is not the district Yên
# Bình) and their numbers ("Nhơn Trạch 3", "Thăng Long II", "Phố Nối A", "VSIP Nghệ An"); a list after the cue
# ("các KCN Quế Võ, Yên Phong") gives one park per name.
_ZONE_CUE = re.compile(rf"(?i:(?P<plural>các\s+)?(?P<cue>khu công nghiệp|cụm công nghiệp|KCN|khu kinh tế(?: mở)?))\s+(?={CAPITAL})")
_ZONE_WORD = rf"(?:{CAPITAL}[^\W_]*(?:-[^\W_]+)?|\d{{1,2}}[A-Z]?(?![^\W_])|[IVX]{{1,4}}(?![^\W_]))"
_ZONE_NAME = re.compile(rf"{_ZONE_WORD}(?:[ \t]+{_ZONE_WORD}){{0,4}}(?![^\W_])")
_ZONE_LIST = re.compile(rf"\s*(?:,\s*và|,|và)\s+(?={CAPITAL})")
_ZONE_KIND = {"khu công nghiệp": "industrial park", "kcn": "industrial park", "cụm công nghiệp": "industrial cluster"}
_LIST_CUE = re.compile(r"\b(?:các|những)\s+(?:xã|phường|thị trấn|huyện|tỉnh|thôn|bản)\s+$", re.IGNORECASE)
_LOCAL_KIND = {"xã": "commune", "phường": "commune", "thị trấn": "commune", "huyện": "district", "thị xã": "district",
               "quận": "district", "đặc khu": "special zone"}  # fmt: skip


@lru_cache(maxsize=1)
def _matcher() -> re.Pattern[str]:
    spellings = "|".join(re.escape(s) for s in load_gazetteer().spellings())
    return re.compile(rf"(?<!\w)(?:{spellings})(?!\w)")


_WORD = re.compile(r"\w+")
_LIST_GO_ON = re.compile(r"\s*(?:,|và|,\s*và)\s*")


def _printed_as_name(printed: str) -> bool:
    return all(is_capitalised(w) or w.isupper() for w in _WORD.findall(printed))


def _resolve(gazetteer: Gazetteer, printed: str, before: str, province: str | None) -> Place | None:
    """"huyện/thành phố X" is the district-level unit; a bare or "tỉnh" X prefers the province."""
    name = gazetteer.canonical(printed)
    if name is None:
        return None
    as_district = gazetteer.district(name, province)
    if as_district and _DISTRICT_CUE.search(before):
        return as_district
    return gazetteer.province(name) or as_district


def _zones(text: str, province: str | None, new_province: str | None) -> list[Entity]:
    """Industrial parks, clusters and economic zones named after their cue, one per name of a list."""
    found = []
    for cue in _ZONE_CUE.finditer(text):
        kind = _ZONE_KIND.get(normalize(cue["cue"]), "economic zone")
        head = "Khu kinh tế mở" if cue["cue"].lower().endswith("mở") else "Khu kinh tế"
        head = "Khu công nghiệp" if kind == "industrial park" else "Cụm công nghiệp" if kind != "economic zone" else head
        at = cue.end()
        while name := _ZONE_NAME.match(text, at):
            found.append(Entity("place", f"{head} {normalize_tones(name.group())}", name.group(), name.start(), name.end(),
                                kind=kind, province=province, province_new=new_province))  # fmt: skip
            more = _ZONE_LIST.match(text, name.end()) if cue["plural"] else None
            if not more or _ZONE_CUE.match(text, more.end()):  # "… và Khu công nghiệp Y": Y has its own cue
                break
            at = more.end()
    return found


def _inside_person(runs: list[tuple[int, int]], tokens: list[Word], start: int, end: int) -> bool:
    """"Ngô Thị Huế", "Lê Thị Thanh Hà": a place's name as a person's given name (no cue before it)."""
    for i, j in runs:
        if tokens[i].start < start and end <= tokens[j - 1].end:
            run = [t.text for t in tokens[i:j]]
            return normalize(run[0]) in SURNAMES and looks_like_person(run)
    return False


def find_places(text: str, province: str | None, tokens: list[Word]) -> list[Entity]:
    gazetteer = load_gazetteer()
    folded = fold(text)
    found = _zones(text, province, gazetteer.new_province(province))
    covered: set[int] = {i for zone in found for i in range(zone.start, zone.end)}
    runs = [(i, j) for i, j in capitalised_runs(text, tokens, max_len=5) if j - i > 1]
    if len(folded) == len(text):  # folding NFC Vietnamese keeps one character per character
        for match in _matcher().finditer(folded):
            printed = text[match.start() : match.end()]
            if match.start() in covered or not _printed_as_name(printed):
                continue
            if _inside_person(runs, tokens, match.start(), match.end()):
                continue
            place = _resolve(gazetteer, printed, text[max(0, match.start() - 12) : match.start()], province)
            if place:
                found.append(_entity(place, printed, match.start(), match.end()))
                covered.update(range(match.start(), match.end()))
    last_end = 0
    listing = False  # inside "các xã Cư Yên, Liên Sơn và …"
    for i, j in capitalised_runs(text, tokens, max_len=4):
        start, end = tokens[i].start, tokens[j - 1].end
        window = text[max(0, start - 24) : start]
        cue = _LOCAL_CUE.search(window)
        listing = bool(_LIST_CUE.search(window)) or (listing and bool(_LIST_GO_ON.fullmatch(text[last_end:start])))
        last_end = end
        if not (cue or listing) or start in covered or looks_like_person(text[start:end].split()):
            continue
        kind = _LOCAL_KIND.get(normalize(cue["cue"]).strip(), "village") if cue else "commune"
        name = normalize_tones(text[start:end])
        found.append(
            Entity("place", name, text[start:end], start, end, kind=kind, province=province,
                   province_new=gazetteer.new_province(province))
        )  # fmt: skip
    if re.search(r"(?<!\w)Việt Nam(?!\w)", text):
        at = text.index("Việt Nam")
        found.append(Entity("place", "Việt Nam", "Việt Nam", at, at + 8, kind="country"))
    return found


def _entity(place: Place, printed: str, start: int, end: int) -> Entity:
    return Entity("place", place.name, printed, start, end, kind=place.kind, province=place.province,
                  province_new=place.province_new)  # fmt: skip
