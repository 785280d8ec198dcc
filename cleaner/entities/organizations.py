"""Organisations, canonicalised so every spelling of one body meets under one name.

Union news names bodies in three regular ways, and each gets its rule:
- by level and place ("LĐLĐ tỉnh Bắc Kạn", "UBND huyện Chi Lăng", "LĐLĐ các huyện Lộc Bình, Đình Lập"):
  abbreviations expanded, a bare "tỉnh" resolved to the article's own province, lists split;
- by sector ("Sở Lao động – Thương binh và Xã hội", "Công đoàn ngành Giáo dục", "Bộ Y tế"): the official
  sector names, whose lower-case words are part of the name; provincial departments get the province;
- by their own proper name ("Công ty Cổ phần Khoáng sản Bắc Kạn", "Trường Tiểu học xã Tú Đoạn"): up to a
  verb or punctuation, trimmed to the last capitalised word.
Generic plurals ("các CĐCS", "các doanh nghiệp") are not entities.
"""

from __future__ import annotations

import re

from cleaner.article import Entity
from cleaner.entities.people import OFFICE_SPLIT, SURNAMES
from cleaner.entities.text import is_capitalised, looks_like_person
from vnlang.abbreviations import expand_name
from vnlang.text import normalize, normalize_tones

NATIONAL_FEDERATION = "Tổng Liên đoàn Lao động Việt Nam"
_NATIONAL = re.compile(r"Tổng Liên đoàn Lao động Việt Nam|Tổng LĐLĐ Việt Nam|TLĐLĐVN|Tổng Liên đoàn(?! Lao động \w)")
_GOVERNMENT = re.compile(r"(?<!\w)Chính phủ(?!\w)")

_LEVEL = r"(?:tỉnh|huyện|thành phố|TP\.?|thị xã|quận|xã|phường|thị trấn)"
_LEVELLED = re.compile(
    rf"(?P<head>Liên đoàn Lao động|LĐLĐ|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|"
    rf"Ủy ban Mặt trận Tổ quốc(?: Việt Nam)?|Ủy ban MTTQ|Bảo hiểm xã hội|BHXH|Trung tâm Y tế|Trạm Y tế|"
    rf"Đảng ủy|Đảng uỷ|Ban Quản lý (?:các [Kk]hu công nghiệp|các KCN|[Kk]hu [Kk]inh tế)|Công đoàn các (?:KCN|[Kk]hu công nghiệp)|"
    rf"Công đoàn Viên chức)\s+(?P<plural>(?:các|những)\s+)?"
    rf"(?P<level>{_LEVEL})(?!\w)"
)
_PARTY = re.compile(r"(?P<head>Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Huyện uỷ|Thành ủy|Thành uỷ)(?!\w)")
_SECTOR = (
    r"Lao động\s*[–-]\s*Thương binh và Xã hội|LĐ-TB&XH|LĐTB&XH|Giáo dục và Đào tạo|GD&ĐT|Giáo dục|Y tế|Nội vụ|"
    r"Tư pháp|Tài chính|Công Thương|Xây dựng|Giao thông vận tải|Nông nghiệp và Phát triển nông thôn|"
    r"Nông nghiệp và Môi trường|Tài nguyên và Môi trường|Văn hóa, Thể thao và Du lịch|Văn hoá, Thể thao và Du lịch|"
    r"Khoa học và Công nghệ|Kế hoạch và Đầu tư|Thông tin và Truyền thông|Công an|Quốc phòng|Ngoại vụ|Dân tộc"
)
_SECTORAL = re.compile(rf"(?P<head>Bộ|Sở|Phòng|Công đoàn ngành|Chi cục|Cục)\s+(?P<sector>{_SECTOR})(?!\w)")
_PROVINCIAL = ("Sở", "Công đoàn ngành")  # departments that exist once per province
_NAMED = re.compile(
    r"(?P<head>Công đoàn cơ sở|CĐCS|Công đoàn(?= (?:Công ty|Trường|Bệnh viện|Xí nghiệp|Nhà máy))|Tổng công ty|"
    r"Công ty|Tập đoàn|Ngân hàng|Hợp tác xã|HTX|Trường|Bệnh viện|Trung tâm|Báo|Đài|Xí nghiệp|Nhà máy|Viện|"
    r"Học viện|Ban Tuyên giáo|Ban Dân vận|Hội Liên hiệp Phụ nữ|Hội Nông dân|Hội Cựu chiến binh|Đoàn Thanh niên)\s+"
)
_STOP_WORDS = frozenset(
    "đã đang sẽ vừa và với cho tại trên dưới để có là được bị của nhằm trong từ đến về theo khi thì mà do cùng "
    "phối tổ tham hỗ trao tặng ký đạt thực triển phát bàn nhận gồm năm ngày tháng nhân qua vào ra lên này đó các "
    "những làm bầu dự chủ tổng lần nhiệm đợt kỳ sáng chiều tối cũng tiếp thuộc vận ủng giải truyền hướng kiểm "
    "tuyên đề xây bảo chăm thăm nâng tăng mở đưa gửi nắm lắng tiến hoàn duy quê cho biết nói chia đóng"
    .split()
)  # fmt: skip
_GROUPING_END = re.compile(r"\s(?:Khối|Tổ|Ban|Phòng)$")
_BOUNDARY = re.compile(r"[,;:.!?()\[\]“”\"\n]")
_NEXT_WORD = re.compile(r"[ \t\xa0]+([^\W\d_]+)")
_LIST_SEPARATOR = re.compile(r"\s*(?:,|và|\(|,\s*và)\s*")


def _place_after(text: str, at: int) -> tuple[int, int] | None:
    """The capitalised place name right after `at` ("… tỉnh| Bắc Kạn"), up to four syllables."""
    start = end = None
    for _ in range(4):
        match = _NEXT_WORD.match(text, end or at)
        if not match or not is_capitalised(match.group(1)):
            break
        start = match.start(1) if start is None else start
        end = match.end()
    if start is None or end is None or OFFICE_SPLIT.match(text, end):  # "xã An Ninh Đông, Chủ tịch …"
        return None
    run = text[start:end].split()
    if looks_like_person(run) and normalize(run[0]) in SURNAMES:  # "HĐND huyện Quách Thị Lụa", not "xã An Ninh Đông"
        return None
    return start, end


def _listed_places(text: str, at: int) -> list[tuple[int, int]]:
    """Further places in a list ("huyện Lộc Bình, Đình Lập và Văn Lãng"), ending at the first non-place."""
    places = []
    while match := _LIST_SEPARATOR.match(text, at):
        span = _place_after(text, match.end() - 1) if text[match.end() - 1] == " " else None
        if span is None:
            break
        places.append(span)
        at = span[1]
    return places


def _own_name_end(text: str, at: int) -> int | None:
    """End of a proper name starting at `at`: up to punctuation or a lower-case verb or conjunction,
    trimmed to its last capitalised word ("Chế biến Nông sản Yên Châu")."""
    limit = _BOUNDARY.search(text, at)
    stop = limit.start() if limit else len(text)
    last_capital = None
    for match in re.finditer(r"[^\W_]+", text[at:stop]):
        word = match.group()
        if word.isdigit() or (word.islower() and word in _STOP_WORDS) or _PARTY.match(text, at + match.start()):
            break  # "Ban Dân vận Tỉnh ủy": the party committee is a body of its own
        if is_capitalised(word) or word.isupper():
            last_capital = at + match.end()
    return last_capital


def _levelled(text: str, province: str | None) -> list[Entity]:
    found = []
    for match in _LEVELLED.finditer(text):
        head, level = expand_name(match["head"]), expand_name(match["level"])
        head = head.replace("Công đoàn các KCN", "Công đoàn các Khu công nghiệp").replace("các KCN", "các khu công nghiệp")
        first = _place_after(text, match.end())
        if first is None:
            if match["plural"] or level != "tỉnh" or not province:
                continue
            found.append(Entity("organization", f"{head} {level} {province}", match.group(), match.start(), match.end()))
            continue
        for start, end in [first, *_listed_places(text, first[1])]:
            name = f"{head} {level} {normalize_tones(text[start:end])}"
            found.append(Entity("organization", name, text[match.start() : end], match.start(), end))
    return found


def _party(text: str, province: str | None) -> list[Entity]:
    found = []
    for match in _PARTY.finditer(text):
        if re.match(r"\s+(?:các|những)\b", text[match.end() :]):
            continue  # "Tỉnh ủy các tỉnh": every province's, not one
        head = normalize_tones(match["head"])
        place = _place_after(text, match.end())
        if place:
            found.append(Entity("organization", f"{head} {normalize_tones(text[place[0]:place[1]])}",
                                text[match.start() : place[1]], match.start(), place[1]))  # fmt: skip
        elif head == "Tỉnh ủy" and province:
            found.append(Entity("organization", f"{head} {province}", match.group(), match.start(), match.end()))
    return found


def _sectoral(text: str, province: str | None) -> list[Entity]:
    found = []
    for match in _SECTORAL.finditer(text):
        name, end = f"{match['head']} {expand_name(match['sector'])}", match.end()
        level = re.match(rf"\s+(?P<level>{_LEVEL})(?!\w)", text[end:])
        place = _place_after(text, end + level.end()) if level else None
        if level and place:
            name, end = f"{name} {expand_name(level['level'])} {normalize_tones(text[place[0]:place[1]])}", place[1]
        elif match["head"] in _PROVINCIAL and province and (not level or level["level"] == "tỉnh"):
            name, end = f"{name} tỉnh {province}", end + (level.end() if level else 0)
        elif match["head"] != "Bộ" and not level:
            continue  # "Phòng Y tế" of which district?
        found.append(Entity("organization", normalize_tones(name), text[match.start() : end], match.start(), end))
    return found


def _named(text: str, province: str | None, claimed: set[int]) -> list[Entity]:
    found = []
    for match in _NAMED.finditer(text):
        if re.search(r"(?:các|những|mỗi)\s+$", text[max(0, match.start() - 8) : match.start()]):
            continue
        if match.start() in claimed:  # a levelled or sectoral body's head ("Trung tâm Y tế huyện")
            continue
        end = _own_name_end(text, match.end())
        if end is None:
            continue
        printed = text[match.start() : end]
        if _GROUPING_END.search(printed):
            continue  # "Công đoàn cơ sở Khối cơ quan ở các xã": a grouping left unnamed, not a body
        name = expand_name(printed)
        if name.endswith(" tỉnh") and province:
            name = f"{name} {province}"
        found.append(Entity("organization", name, printed, match.start(), end))
    return found


def find_organizations(text: str, province: str | None) -> list[Entity]:
    found = [Entity("organization", NATIONAL_FEDERATION, m.group(), m.start(), m.end()) for m in _NATIONAL.finditer(text)]
    found += [Entity("organization", "Chính phủ", m.group(), m.start(), m.end()) for m in _GOVERNMENT.finditer(text)]
    found += _levelled(text, province) + _party(text, province) + _sectoral(text, province)
    claimed = {m.start() for pattern in (_LEVELLED, _SECTORAL) for m in pattern.finditer(text)}
    return found + _named(text, province, claimed)
