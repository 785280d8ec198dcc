"""Organisations, canonicalised so every spelling of one body meets under one name.

Union news names bodies by abbreviation and by level ("LĐLĐ tỉnh Bắc Kạn", "CĐCS Công ty …",
"UBND huyện Chi Lăng"). Abbreviations are expanded, and a bare level ("LĐLĐ tỉnh") is resolved to
the article's own province, which is what the writer meant. Generic plurals ("các CĐCS") are not
entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.article import Entity
from cleaner.entities.text import is_capitalised
from search.vietnamese import normalize_tones

EXPANSIONS = {
    "LĐLĐ": "Liên đoàn Lao động",
    "CĐCS": "Công đoàn cơ sở",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BHXH": "Bảo hiểm xã hội",
    "HTX": "Hợp tác xã",
    "MTTQ": "Mặt trận Tổ quốc",
    "TLĐLĐVN": "Tổng Liên đoàn Lao động Việt Nam",
    "TP.": "thành phố",
    "TP": "thành phố",
}
NATIONAL_FEDERATION = "Tổng Liên đoàn Lao động Việt Nam"
_NATIONAL = re.compile(r"Tổng Liên đoàn Lao động Việt Nam|Tổng LĐLĐ Việt Nam|TLĐLĐVN|Tổng Liên đoàn(?! Lao động \w)")

_LEVEL = r"(?:tỉnh|huyện|thành phố|TP\.?|thị xã|quận|xã|phường|thị trấn)"
# Bodies that are named by level and place: federation, people's committee and council, party committee.
_LEVELLED = re.compile(
    rf"(?P<head>Liên đoàn Lao động|LĐLĐ|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|"
    rf"Ủy ban MTTQ|Ủy ban Mặt trận Tổ quốc(?: Việt Nam)?|Bảo hiểm xã hội|BHXH)\s+(?P<level>{_LEVEL})\b"
)
_PARTY = re.compile(r"(?P<head>Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ)\b")
# Bodies named by their own words: companies, schools, ministries, grassroots unions, newspapers.
_NAMED = re.compile(
    r"(?P<head>Công đoàn cơ sở|CĐCS|Công đoàn ngành|Công đoàn Viên chức|Tổng công ty|Công ty|Tập đoàn|Ngân hàng|"
    r"Hợp tác xã|HTX|Trường|Bệnh viện|Trung tâm|Báo|Đài|Bộ|Sở|Ban Tuyên giáo|Ban Dân vận|Hội Liên hiệp Phụ nữ|"
    r"Hội Nông dân|Hội Cựu chiến binh|Đoàn Thanh niên)\s+"
)
_LOWERCASE_TAILS = ("Bộ", "Sở", "Công đoàn ngành", "Trung tâm")  # "Bộ Y tế", "Sở Lao động - Thương binh và Xã hội"
_STOP_WORDS = frozenset(
    "đã đang sẽ vừa với cho tại trên dưới để có là được bị của nhằm trong từ đến về theo khi thì mà do cùng "
    "phối tổ tham hỗ trao tặng ký đạt thực triển phát bàn nhận gồm năm ngày tháng nhân qua vào ra lên này đó các "
    "những làm bầu dự chủ tổng lần nhiệm đợt kỳ sáng chiều tối"
    .split()
)  # fmt: skip
_BOUNDARY = re.compile(r"[,;:.!?()\[\]“”\"\n]")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def expand(name: str) -> str:
    for short, long in EXPANSIONS.items():
        name = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", long, name)
    return normalize_tones(" ".join(name.split()))


_NEXT_WORD = re.compile(r"[ \t\xa0]+([^\W\d_]+)")


def _place_after(text: str, at: int) -> _Span | None:
    """The capitalised place name right after `at` ("… tỉnh| Bắc Kạn"), up to four syllables."""
    start = end = None
    for _ in range(4):
        match = _NEXT_WORD.match(text, end or at)
        if not match or not is_capitalised(match.group(1)):
            break
        start = match.start(1) if start is None else start
        end = match.end()
    return _Span(start, end) if start is not None and end is not None else None


def _own_words(text: str, at: int, keep_lowercase_tail: bool) -> int | None:
    """End of an organisation's own name starting at `at`: up to punctuation or a verb, trimmed to its
    last capitalised word unless the body's names run on in lower case ("Bộ Y tế")."""
    limit = _BOUNDARY.search(text, at)
    stop = limit.start() if limit else len(text)
    end, last_capital = at, None
    for match in re.finditer(r"[^\W_]+|-|&", text[at:stop]):
        word = match.group()
        if word.lower() in _STOP_WORDS or word.isdigit():
            break
        end = at + match.end()
        if is_capitalised(word) or word.isupper():
            last_capital = end
    if last_capital is None:
        return None
    return end if keep_lowercase_tail else last_capital


def _bare_level(level: str, province: str | None) -> str | None:
    return province if level == "tỉnh" and province else None


def find_organizations(text: str, province: str | None) -> list[Entity]:
    found: list[Entity] = []

    def plural(at: int) -> bool:
        return bool(re.search(r"(?:các|những|mỗi)\s+$", text[max(0, at - 8) : at]))

    for match in _NATIONAL.finditer(text):
        found.append(Entity("organization", NATIONAL_FEDERATION, match.group(), match.start(), match.end()))
    for match in _LEVELLED.finditer(text):
        if plural(match.start()):
            continue
        level = expand(match["level"])
        place = _place_after(text, match.end())
        if place:
            end, where = place.end, normalize_tones(text[place.start : place.end])
        elif (where := _bare_level(level, province)) is not None:
            end = match.end()
        else:
            continue
        name = f"{expand(match['head'])} {level} {where}"
        found.append(Entity("organization", name, text[match.start() : end], match.start(), end))
    for match in _PARTY.finditer(text):
        if re.match(r"\s+(?:các|những)\b", text[match.end() :]):
            continue  # "Tỉnh ủy các tỉnh": every province's, not one
        place = _place_after(text, match.end())
        head = normalize_tones(match["head"])
        if place:
            where, end = normalize_tones(text[place.start : place.end]), place.end
        elif head == "Tỉnh ủy" and province:
            where, end = province, match.end()
        else:
            continue
        found.append(Entity("organization", f"{head} {where}", text[match.start() : end], match.start(), end))
    for match in _NAMED.finditer(text):
        if plural(match.start()) or any(e.start <= match.start() < e.end for e in found):
            continue
        head = match["head"]
        end = _own_words(text, match.end(), head in _LOWERCASE_TAILS)
        if end is None:
            continue
        printed = text[match.start() : end]
        name = expand(printed)
        if name.endswith(" tỉnh") and province:
            name = f"{name} {province}"
        found.append(Entity("organization", name, printed, match.start(), end))
    return found
