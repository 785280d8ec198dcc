"""Word-level helpers shared by the entity rules.

Vietnamese names are runs of capitalised syllables ("Bế Thị Hòa", "Chi Lăng"); the rules reason
about those runs and the lower-case cue words around them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vnlang.text import normalize

# One capital letter, Vietnamese ones included (a regex class; `\w` has no case of its own).
CAPITAL = "(?-i:[" + "".join(ch for ch in map(chr, range(0x41, 0x1EFA)) if ch.isupper()) + "])"
_WORD = re.compile(r"\w+(?:['’-]\w+)*")  # "Jun-seo", "H'Linh": one word of a name


class Word(NamedTuple):
    """A word of the text and where it is; a tuple because a page has hundreds and the rules read them often."""

    text: str
    start: int
    end: int
    capitalised: bool  # decided once: the people and place rules walk a text's words three times


def is_capitalised(word: str) -> bool:
    """"Hòa", "Đ", "Jun-seo", "H'Linh" — not "hòa", "LĐLĐ" or "2020"."""
    if not _JOINED.search(word):
        return _capitalised(word)
    first, *rest = _JOINED.split(word)
    return _capitalised(first) and all(_capitalised(part) or part.islower() for part in rest)


_JOINED = re.compile(r"['’-]")


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word[:1].isdigit() and (len(word) == 1 or word[1:].islower())


def words(text: str) -> list[Word]:
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        found.append(Word(word, match.start(), match.end(), is_capitalised(word)))
    return found


def only_spaces_between(text: str, end: int, start: int) -> bool:
    return not text[end:start].strip() and "\n" not in text[end:start]


def capitalised_runs(text: str, tokens: list[Word], max_len: int = 5) -> list[tuple[int, int]]:
    """Index ranges [i, j) of consecutive capitalised words separated only by spaces."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].capitalised:
            i += 1
            continue
        j = i + 1
        while (
            j < len(tokens)
            and j - i < max_len
            and tokens[j].capitalised
            and only_spaces_between(text, tokens[j - 1].end, tokens[j].start)
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


_PERSON_MIDDLE = frozenset(normalize(w) for w in "Thị Văn Đức Hữu Ngọc Minh Quang Xuân Thanh Công Đình".split())


def looks_like_person(run: list[str]) -> bool:
    """"Quách Thị Lụa", "Phạm Đức Toàn": a name after a level word ("HĐND huyện …") that is a person's.

    Three or more syllables, or two with a typical middle name; gazetteer names never count.
    """
    from cleaner.entities.gazetteer import load_gazetteer

    if normalize(" ".join(run)) in load_gazetteer().names:
        return False
    return len(run) >= 3 or (len(run) == 2 and normalize(run[1]) in _PERSON_MIDDLE)
