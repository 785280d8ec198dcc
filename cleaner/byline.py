"""Authors from the closing byline of an article.

Union sites print the author as the last line of the body, with or without a role prefix:
"Ngọc Liêm", "Tin, ảnh: Đỗ Thị Gấm", "Bài và ảnh: Hoàng Văn Nam", "Theo Báo Lao Động", "Ban TG",
"Thu Hà (LĐLĐ huyện Đại Từ)", "Ban Tuyên giáo". The printed form is kept beside the canonical author.
"PV" (phóng viên, "a reporter") or "CTV" (a contributor) signs an article without naming anyone: it is a
byline with no author.
"""

from __future__ import annotations

import re

from cleaner.boilerplate import is_related_heading
from vnlang.text import nfc

_ROLE_PREFIX = re.compile(
    r"^(?:(?:tin|bài|ảnh|video|clip|nhóm pv|pv|ctv|tác giả(?: bài viết)?|người viết|thực hiện|nguồn(?: tin)?|tin và ảnh|"
    r"bài và ảnh)"
    r"(?:\s*(?:,|và|&|-|\+)\s*(?:tin|bài|ảnh|video|clip))*)\s*[:：]\s*"
    r"|^(?:viết bởi|đăng bởi|bởi|(?:written |posted )?by)\s*:?\s+",
    re.IGNORECASE,
)
# Accounts that post for a site, not writers: what a CMS prints when nobody signed the article.
_ACCOUNTS = re.compile(
    r"^(?:admin|administrator|super ?user|webmaster|editor|quản trị(?: viên)?|ban biên tập|biên tập viên|"
    r"ban quản trị)$",
    re.IGNORECASE,
)
# "a reporter", "a contributor", "the reporters' group": the newsroom signs, nobody is named.
_ROLE = r"(?:pv|p\.\s?v\.?|ctv|phóng viên|cộng tác viên)"
_ANONYMOUS = re.compile(rf"^(?:nhóm\s+)?{_ROLE}(?:\s*[-–,/&+]\s*{_ROLE}|\s+và\s+{_ROLE})*\.?$", re.IGNORECASE)
# A federation's department signs as itself, in sentence case: "Ban Tuyên giáo", "Ban Chính sách - Pháp luật",
# "Văn phòng LĐLĐ tỉnh". Only the departments a union has, so "Ban Tổ chức cho biết" is not one.
_DEPARTMENT = re.compile(
    r"^(?:Ban|Phòng)\s+(?:tuyên giáo|nữ công|tổ chức|kiểm tra|tài chính|chính sách(?:\s*[-–]\s*pháp luật)?|pháp luật|"
    r"quan hệ lao động|kinh tế(?:\s*[-–]\s*xã hội)?|đối ngoại|thi đua(?:\s*[-–]?\s*khen thưởng)?|dân vận)"
    r"(?=\s|$)|^Văn phòng(?=\s+\S)",
    re.IGNORECASE,
)
_SOURCE_PREFIX = re.compile(r"^(?:theo|nguồn)\s*:?\s+", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"\s*[\(\[][^()\[\]]{1,60}[\)\]]\s*$")
_UNIT_SUFFIX = re.compile(r"\s+[-–—]\s+\S.*$")
_MAX_LENGTH = 80
_SOURCE_WORD = re.compile(r"^(?:theo|nguồn)\b", re.IGNORECASE)
_ORGANISATION_WORDS = frozenset("tỉnh huyện thành phố thị xã quận phường ngành cơ sở và báo công đoàn".split())


def _is_name_word(word: str) -> bool:
    word = word.strip(".,")
    if not word:
        return False
    if word.isupper() and len(word) <= 6:  # abbreviations in bylines: "Ban TG", "PV", "LĐLĐ"
        return True
    return word[0].isupper() and (len(word) == 1 or word[1:].islower() or word[1:].replace(".", "").islower())


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    if len(words) == 1 and not (words[0].isupper() and len(words[0]) >= 2):
        return False
    return all(_is_name_word(w) for w in words)


def _is_department(text: str) -> bool:
    """A department of a federation, maybe followed by its federation ("Ban Tuyên giáo LĐLĐ tỉnh")."""
    match = _DEPARTMENT.match(text)
    if not match or not text[0].isupper():
        return False
    rest = text[match.end() :].split()
    return all(_is_name_word(w) or w.lower() in _ORGANISATION_WORDS for w in rest)


def _looks_like_source(text: str) -> bool:
    """An organisation as sources print it: capitalised words, abbreviations and administrative words."""
    words = text.split()
    return 1 <= len(words) <= 8 and _is_name_word(words[0]) and all(
        _is_name_word(w) or w.lower() in _ORGANISATION_WORDS for w in words
    )


def is_account(name: str, site_names: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """A CMS account or the site itself put in as author ("Super User", "Ban Biên tập", the site's name)."""
    folded = " ".join(name.split()).casefold().strip(" .")
    return bool(_ACCOUNTS.match(folded)) or folded in site_names or folded.replace(" ", "") in site_names


def has_prefix(printed: str) -> bool:
    """The byline says it is one ("Tin, ảnh: …", "Theo …", "By …"), rather than being a bare name."""
    return bool(_ROLE_PREFIX.match(printed) or _SOURCE_PREFIX.match(printed))


def parse_byline(line: str) -> tuple[str | None, str] | None:
    """(author, printed byline) when `line` reads as a byline, else None; the author is None when the
    byline names nobody ("PV")."""
    printed = nfc(" ".join(line.split())).strip()
    if not printed or len(printed) > _MAX_LENGTH or printed.endswith((":", ";", "?", "!")):
        return None
    if is_related_heading(printed):  # "CÁC TIN KHÁC" reads like a name in capitals
        return None
    candidate = _ROLE_PREFIX.sub("", printed, count=1)
    had_prefix = candidate != printed
    candidate = _SOURCE_PREFIX.sub("", candidate, count=1)
    had_prefix = had_prefix or candidate != printed
    candidate = _TRAILING_NOTE.sub("", candidate).strip(" .-–—")
    if had_prefix and not _looks_like_name(candidate) and (unit := _UNIT_SUFFIX.search(candidate)):
        candidate = candidate[: unit.start()]  # "Phạm Minh Tuấn - Ban Tuyên giáo LĐLĐ tỉnh": the writer's unit
    if _SOURCE_WORD.match(printed) and candidate and _looks_like_source(candidate):
        return candidate, printed  # "Nguồn: LĐLĐ huyện Chi Lăng": a source is an organisation, not a person
    if _ANONYMOUS.match(candidate):
        return None, printed
    if not candidate or not (_looks_like_name(candidate) or _is_department(candidate)) or _ACCOUNTS.match(candidate):
        return None
    if not had_prefix and candidate != printed.strip(" .-–—") and not _TRAILING_NOTE.search(printed):
        return None
    return candidate, printed
