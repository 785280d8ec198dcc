"""From candidate lines to the article body: what every path (profile, generic, plain text) shares.

Lines are dropped when they are furniture (counters, share bars, footers, slogans), the headline or
the date line repeated inside the content, stray image file names, or blocks the site repeats on many pages
repeats on many pages; a related-news heading ends the article. The closing byline is taken out and
parsed, and whatever follows it (a source label, a category) is not the article either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.boilerplate import is_noise_line, is_related_heading
from cleaner.byline import parse_byline
from cleaner.repeated import RepeatedBlocks
from cleaner.title import same_headline
from vnlang.dates import has_time, parse_date

_IMAGE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)
_BYLINE_REACH = 3  # the byline is among the last lines; anything after it is a label, not prose
_MAX_LABEL = 80  # characters: a line after the byline longer than this is prose, so that was no byline


@dataclass
class Body:
    lines: list[str]
    author: str | None = None
    byline: str | None = None


def is_date_line(text: str) -> bool:
    return len(text) <= 90 and parse_date(text) is not None


def is_stray(text: str) -> bool:
    """A file name left behind by an image: "IMG_5621.jpg".

    A short line in lower case is not stray: list items, verse and code start that way. (Alt text never
    reaches the lines of an HTML page; in plain text, the caption rule takes a lone line between two
    paragraphs out.)
    """
    return bool(_IMAGE_NAME.match(text))


def clean_lines(lines: list[str], title: str) -> list[str]:
    kept: list[str] = []
    for text in lines:
        if not text:
            continue
        if is_related_heading(text):
            break
        if is_noise_line(text) or is_stray(text) or (not kept and same_headline(text, title)):
            continue
        if not kept and is_date_line(text) and (has_time(text) or len(text) <= 40):
            continue  # the date line printed inside the article container
        kept.append(text)
    return kept


def split_byline(lines: list[str], headings: frozenset[str] = frozenset()) -> Body:
    """The closing byline out of the body, with anything printed after it.

    A line the page prints as a heading is never the byline ("Advance Your Cybersecurity" reads like a
    name), and a byline is followed by labels (a source, a category), never by prose: a longer line
    after it means the short one was a subheading and the text goes on.
    """
    for i in range(len(lines) - 1, max(0, len(lines) - _BYLINE_REACH) - 1, -1):
        if len(lines[i]) > _MAX_LABEL:
            break
        if i > 0 and lines[i] not in headings and (parsed := parse_byline(lines[i])):
            return Body(lines[:i], parsed[0], parsed[1])
    return Body(lines)


def build_body(
    lines: list[str], title: str, repeated: RepeatedBlocks | None = None, headings: frozenset[str] = frozenset()
) -> Body:
    """Byline first, so a byline the site repeats on every page is read before it is dropped as repeated.

    `headings` are the texts the page prints in heading elements (none for plain text).
    """
    body = split_byline(clean_lines(lines, title), headings)
    if repeated is not None:
        body.lines = [line for line in body.lines if not repeated.is_boilerplate(line)]
    return body
