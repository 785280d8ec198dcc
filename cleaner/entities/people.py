"""People, with the position the text gives them.

Two signals find a name: a cue word before it ("đồng chí", "đ/c", "ông", "bà", "anh", "chị"), which
is never part of the name, or a run of capitalised syllables that opens with a Vietnamese family name
and is not a known place ("Mai Sơn", "Cao Lộc" are districts). The position is what the writer
attaches to the name: after it, behind a comma ("Bế Thị Hòa, Phó Chủ tịch Thường trực LĐLĐ tỉnh"),
or before it ("Chủ tịch LĐLĐ tỉnh Nguyễn Văn Hùng").
"""

from __future__ import annotations

import re

from cleaner.article import Entity
from cleaner.entities.gazetteer import load_gazetteer
from cleaner.entities.text import CAPITAL, Word, capitalised_runs, looks_like_person
from vnlang.text import normalize, normalize_tones

SURNAMES = frozenset(
    normalize(s)
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Bế Nông Lò Quàng Cầm Hà Lương Ma "
        "Vi Lăng Triệu Đinh Mai Trịnh Đào Lưu Tạ Chu Lục Hứa Tô Thân Giáp Lã Sầm Lường Tòng Điêu Mùa Sùng Giàng "
        "Thào Vàng Hầu Lầu Đàm Kiều Khổng Mạc Quách Tăng Thái Cao Lâm Tống La Mông Nịnh Âu Doãn Đoàn Đồng Nghiêm "
        "Phùng Khúc Lại Trương Kim Ninh Diệp Lộc Lành Hán Bàn Chảo Hoàng Khương Lò Liễu Văn Trịnh Tạ Bạch Phương"
    ).split()
)
_CUE = re.compile(
    r"(?:^|[^\w/])(?:đồng chí|đ/c|ông|bà|anh|chị|cháu|em|cô|thầy|cụ|đại tá|thượng tá|trung tá|thiếu tá)\s+$",
    re.IGNORECASE,
)
_NOT_A_PERSON_BEFORE = re.compile(
    r"(?:tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố|tp\.?|quận|thôn|bản|xóm|đường|phố|cầu|trường|"
    r"công ty|chợ|sông|núi|hồ|khu|cụm|khối)\s+$",
    re.IGNORECASE,
)
_POSITION = (
    r"(?:phó\s+)?(?:tổng\s+)?(?:chủ tịch|bí thư|bí thu|giám đốc|trưởng|ủy viên|uỷ viên|chánh|hiệu trưởng|chủ nhiệm|"
    r"thường trực|kế toán|tổ trưởng|cán bộ|công nhân|giáo viên|đoàn viên|đại biểu|nguyên|chuyên viên|thành viên|"
    r"phụ trách|thủ trưởng|bác sĩ|người lao động|nhân viên)"
)
# A role runs at most to the clause's punctuation; a dot inside a word ("TP.HCM") is not a full stop.
_ROLE_AFTER = re.compile(rf"\s*,\s*(?:,\s*)?(?P<role>{_POSITION}\b(?:[^,;.:()\n]|\.(?=\w))*)", re.IGNORECASE)
# An administrative unit inside a role: the word, then its name as a run of capitalised syllables, if printed.
# "tỉnh ủy", "huyện ủy" are party committees (the unit's name is "ủy"), not the end of an organisation.
_UNIT = re.compile(r"(?<!\w)(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|thôn|bản|TP\.)(?!\s+[uủ][ỷy]?\b)")
_WORD_AHEAD = re.compile(r"\s*(?P<word>\S+)")
# "và" inside an organisation's name joins two capitalised halves ("Thương binh và Xã hội"), so it ends a
# role only before a lower-case word.
ROLE_STOP = re.compile(
    r"\s+(?:dự|chủ trì|phát biểu|đã|cho biết|trao|tặng|và(?!\s+" + CAPITAL + r")|cùng|tham dự|nhấn mạnh|đề nghị|"
    r"khẳng định|chia sẻ|được|thăm|đến|yêu cầu|ghi nhận|biểu dương|chúc mừng|tới|làm|là|có|không|đánh giá|giới thiệu|báo cáo|"
    r"chỉ đạo|quán triệt|trực tiếp|vui mừng|phấn khởi|xúc động|tâm sự|bày tỏ|trình bày|thông tin)\b",
    re.IGNORECASE,
)
_ROLE_BEFORE = re.compile(rf"(?P<role>(?:tân\s+)?{_POSITION}\b[^,;.:()\n]{{0,80}}?)\s*$", re.IGNORECASE)


def through_unit(role: str) -> str:
    """The role up to the end of its organisation: a title's organisation ends with its administrative unit.

    "Phó Chủ tịch LĐLĐ tỉnh mong muốn …" → "Phó Chủ tịch LĐLĐ tỉnh"; "… xã Bộc Bố huyện Pác Nặm mong …"
    → "… xã Bộc Bố huyện Pác Nặm": the unit, its capitalised name, and further units that locate it.
    What follows (the clause's verb and the rest of the sentence) is not the role.
    """
    unit = _UNIT.search(role)
    if not unit:
        return role
    end = _named(role, unit.end())
    while (further := _UNIT.match(role, end + 1)) and role[end] == " " and _named(role, further.end()) > further.end():
        end = _named(role, further.end())
    return role[:end]


def _named(role: str, at: int) -> int:
    """Where the run of capitalised words from `at` ends (`at` itself when none follows)."""
    end = at
    for match in _WORD_AHEAD.finditer(role, at):
        if match.start() != end or not match["word"][:1].isupper():
            break
        end = match.end()
    return end


def _role_after(text: str, end: int) -> str | None:
    match = _ROLE_AFTER.match(text, end)
    if not match:
        return None
    role = ROLE_STOP.split(through_unit(match["role"]), maxsplit=1)[0].strip()
    return role if 1 <= len(role.split()) <= 16 else None


def _role_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 90) : start]
    window = re.split(r"[,;.:()\n]|(?:đồng chí|đ/c)\s", window, flags=re.IGNORECASE)[-1]
    match = _ROLE_BEFORE.search(window)
    if not match:
        return None
    role = match["role"].strip()
    return role if 1 <= len(role.split()) <= 12 and role == window.strip() else None


_LEVEL_BEFORE = re.compile(r"(?:tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố|quận)\s+$", re.IGNORECASE)


def _titled(text: str, start: int, run: list[Word]) -> bool:
    """"Chủ tịch LĐLĐ tỉnh Nguyễn Thiện Phú": a person's name after a body's level word, when a post opens
    the clause and the run reads as a person's name (no place is "Nguyễn Thiện Phú")."""
    before = text[max(0, start - 24) : start]
    return bool(_LEVEL_BEFORE.search(before)) and looks_like_person([w.text for w in run]) and bool(_role_before(text, start))


OFFICE_SPLIT = re.compile(r"\s+(?:tịch|thư|đốc|trưởng|viên)(?!\w)")
_SENTENCE_CUES = frozenset(normalize(c) for c in "Ông Bà Anh Chị Em Cháu Cô Thầy Cụ".split())


def find_people(text: str, tokens: list[Word], taken: list[tuple[int, int]], cued_only: bool = False) -> list[Entity]:
    """People in `text`, skipping spans already claimed (`taken`); `cued_only` keeps the surest kind."""
    gazetteer = load_gazetteer()
    found: list[Entity] = []
    for i, j in capitalised_runs(text, tokens, max_len=5):
        opens_with_cue = normalize(tokens[i].text) in _SENTENCE_CUES  # "Chị Hoàng Thị Lan, công nhân …"
        i += opens_with_cue
        if j - i < 2 or j - i > 4:
            continue
        start, end = tokens[i].start, tokens[j - 1].end
        if any(s < end and start < e for s, e in taken):
            continue
        before = text[max(0, start - 24) : start]
        cued = opens_with_cue or bool(_CUE.search(before))
        if cued_only and not cued:
            continue
        name = normalize_tones(text[start:end])
        if OFFICE_SPLIT.match(text, end):
            continue  # "Đoàn Chủ tịch", "Phó Bí thư": a title's capitalised half, not a name
        if not cued:
            if normalize(tokens[i].text) not in SURNAMES or normalize(name) in gazetteer.names:
                continue
            if _NOT_A_PERSON_BEFORE.search(before) and not _titled(text, start, tokens[i:j]):
                continue
        role = _role_after(text, end) or (None if cued else _role_before(text, start))
        found.append(Entity("person", name, text[start:end], start, end, role=role))
    return found
