"""Who holds which post where: (person, post, organisation, status) relations read from one text.

A timeline of "who chaired the An Giang federation" needs the post and the body apart, and whether the
text calls the post past ("nguyên Chủ tịch", "từng giữ chức"), just taken ("tân Chủ tịch", "được bầu giữ
chức", "tái đắc cử") or simply held. Union news attaches posts to names in three regular places:
- before the name: "Chủ tịch LĐLĐ tỉnh Nguyễn Thiện Phú chủ trì …";
- after it, behind a comma, one or several: "đồng chí Lưu Đình Khoa, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh";
- after a verb of office, also for a list of names: "A, B và C được chỉ định giữ chức Phó Chủ tịch LĐLĐ tỉnh".
Only offices give relations (occupations such as "công nhân" do not); the organisation is the first body
the organisation rules find right after the post, so "LĐLĐ tỉnh" gets the article's province as it does
everywhere else. A post whose body the text leaves unnamed gives no relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.article import Entity
from cleaner.entities.gazetteer import load_gazetteer
from cleaner.entities.organizations import find_organizations
from cleaner.entities.people import ROLE_STOP, through_unit

CURRENT, FORMER, NEW = "current", "former", "new"


@dataclass(frozen=True)
class Relation:
    """One post of one person in one text; `province_new` notes the 2025 successor of the body's province."""

    person: str
    post: str
    organization: str
    status: str  # current | former | new
    province: str | None = None  # the publishing site's province, before 1 July 2025 for older articles
    province_new: str | None = None
    date: str | None = None  # the article's publication day (ISO), set by annotate()


# An office: what the guidelines call a post (chủ tịch, bí thư, giám đốc, trưởng/phó ban, …), not an occupation.
_OFFICE = (
    r"(?:Phó\s+)?(?:Tổng\s+)?(?:Chủ tịch|Bí thư|Giám đốc|Hiệu trưởng|Chủ nhiệm|Chánh [Vv]ăn phòng|Chánh|"
    r"Trưởng|Ủy viên|Uỷ viên|Tổ trưởng|Kế toán trưởng|Thủ trưởng|Phó)(?!\w)"
)
_STATUS_WORD = r"(?P<status>nguyên|cựu|tân|hiện là|nay là|hiện giữ chức|từng giữ chức|từng là)"
_FORMER = ("nguyên", "cựu", "từng giữ chức", "từng là")
_NEW_VERB = (
    r"(?:được\s+(?:bầu\s+(?:giữ\s+chức|làm)|bầu|chỉ định\s+(?:giữ\s+chức|làm)|chỉ định|bổ nhiệm\s+(?:giữ\s+chức|làm)|"
    r"bổ nhiệm|điều động,?\s+phân công\s+(?:giữ\s+chức|làm)|phân công\s+(?:giữ\s+chức|làm)|giao\s+(?:giữ\s+chức|làm))|"
    r"tái đắc cử(?:\s+(?:chức|vị trí))?|trúng cử(?:\s+chức)?)"
)
_VERB = re.compile(rf"\s*,?\s*(?:(?P<new>{_NEW_VERB})|{_STATUS_WORD}|giữ chức)\s+(?=(?-i:{_OFFICE}))", re.IGNORECASE)
# One appositive post: ", [status] Office …" up to the clause's punctuation (a dot inside "TP.HCM" is no full stop).
_APPOSITIVE = re.compile(rf"\s*,\s*(?:{_STATUS_WORD}\s+)?(?P<role>(?-i:{_OFFICE})(?:[^,;:()\n.]|\.(?=\w))*)", re.IGNORECASE)
_BEFORE = re.compile(rf"(?:(?P<status>tân|nguyên|cựu)\s+)?(?P<role>(?-i:{_OFFICE})[^,;:()\n.]*?)\s*$", re.IGNORECASE)
_CUE_AT_END = re.compile(r"\s*(?:đồng chí|đ/c|ông|bà|anh|chị|thầy|cô)\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;.:()\n]")
_JOINS_NAMES = re.compile(r"\s*(?:,|và|cùng)?\s*")  # between the names of a list
_ORGAN = re.compile(r"(?:Ban|Tổ|Phòng|Văn phòng)\s(?!Quản lý)")
# Groupings inside a body that stay part of the post ("Trưởng Ban Tổ chức" of the federation).
_SHARED_HEAD = re.compile(r"(?:Trưởng|Phó)$")


def _status(word: str | None) -> str:
    if not word:
        return CURRENT
    word = " ".join(word.lower().split())
    return FORMER if word in _FORMER else NEW if word == "tân" else CURRENT


def _trim(role: str) -> str:
    """The role up to the end of its organisation, before the clause's verb ("… LĐLĐ tỉnh và bà X" → "… LĐLĐ tỉnh")."""
    return ROLE_STOP.split(through_unit(role), maxsplit=1)[0].strip()


def _split(role: str, province: str | None) -> tuple[str, str] | None:
    """Post and canonical organisation of a role ("Phó Chủ tịch LĐLĐ tỉnh" → "Phó Chủ tịch", the federation)."""
    role = _trim(role)
    bodies = [o for o in find_organizations(role, province) if o.start > 0]
    if not bodies:
        return None
    bodies.sort(key=lambda o: o.start)
    while len(bodies) > 1 and _ORGAN.match(bodies[0].name):
        bodies.pop(0)  # "Trưởng Ban Dân vận Tỉnh ủy": the organ stays in the post, the committee is the body
    body = bodies[0]
    post = role[: body.start].strip()
    if _SHARED_HEAD.search(post) and body.name.startswith("Ban "):
        post += " Ban"  # "Phó Trưởng Ban Quản lý …": the board's head holds "Phó Trưởng Ban"
    if not re.fullmatch(_OFFICE + r"[^\d]{0,60}", post) or len(post.split()) > 9:
        return None
    return post, body.name


def _posts_after(text: str, end: int) -> tuple[list[tuple[str, str]], int | None]:
    """Appositive posts behind the name, one per comma while each opens with an office, and where they end
    (None when the last one runs on into another clause: "…, Chủ tịch UBND tỉnh và bà X, …")."""
    posts = []
    while match := _APPOSITIVE.match(text, end):
        posts.append((match["role"], _status(match["status"])))
        if _trim(match["role"]) != match["role"].strip():
            return posts, None
        end = match.end()
    return posts, end


def _post_before(text: str, start: int) -> tuple[str, str] | None:
    window = text[max(0, start - 100) : start]
    window = _CLAUSE.split(_CUE_AT_END.sub("", window))[-1]
    match = _BEFORE.search(window)
    if not match or ROLE_STOP.search(" " + match["role"]):
        return None
    return match["role"], _status(match["status"])


def _verb_post(text: str, at: int, people: list[Entity]) -> tuple[str, str] | None:
    """"… được bầu giữ chức Chủ tịch …", also after the further names of a list ("A, B và C được chỉ định …")."""
    for other in people:
        if other.start >= at and _JOINS_NAMES.fullmatch(text[at : other.start]):
            at = other.end
    verb = _VERB.match(text, at)
    if not verb:
        return None
    role = _CLAUSE.split(text[verb.end() : verb.end() + 120])[0]
    return role, NEW if verb["new"] else _status(verb["status"])


def find_relations(text: str, province: str | None, entities: list[Entity]) -> list[Relation]:
    """The relations of the people among `entities` (found in `text`), distinct, in text order."""
    people = sorted((e for e in entities if e.type == "person"), key=lambda e: e.start)
    province_new = load_gazetteer().new_province(province)
    found: dict[tuple[str, str, str], Relation] = {}
    for person in people:
        roles, end = _posts_after(text, person.end)  # the verb may follow the person's present post
        for candidate in (_post_before(text, person.start), _verb_post(text, end, people) if end else None):
            if candidate:
                roles.append(candidate)
        for role, status in roles:
            split = _split(role, province)
            if split:
                relation = Relation(person.name, split[0], split[1], status, province, province_new)
                found.setdefault((person.name, relation.post, relation.organization), relation)
    return list(found.values())
