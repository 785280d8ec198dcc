"""Plain text → CleanedArticle: a page that is already text (a copy from a browser, an old export, the seeds).

Text has no markup to say where the headline is, so one general rule stands in for it: the date line
is found first (the first short line that reads as a date), and the headline is the line next to it:
the one just before it when that reads as a headline, else the one just after (see
`cleaner.title.headline_near`). Everything above the headline (slide lists, banners, menus, counters)
is page furniture; the article is what follows the headline and date line, cleaned by the same line
rules as HTML. A text with no date line takes its first headline-shaped line that a paragraph
follows, and has no date (never today's).

Captions cannot be told apart by style in text; a short line that does not end a sentence, standing
between two paragraphs, is taken as one ("Hội nghị thảo luận").
"""

from __future__ import annotations

from cleaner.article import CleanedArticle, ExtractionError
from cleaner.body import build_body, is_date_line, is_stray
from cleaner.boilerplate import is_slogan
from cleaner.decode import decode_text
from cleaner.repeated import RepeatedBlocks
from cleaner.title import headline_near, looks_like_headline, squash
from vnlang.dates import parse_date

_BULLETS = " •·●▪◦*"
_PARAGRAPH = 120  # characters: a line this long is prose
_MAX_CAPTION = 200
_SENTENCE_END = (".", "…", "!", "?", ":", ";")
_MIN_BODY = 40


def _lines(text: str) -> list[str]:
    return [line for line in (squash(raw).strip(_BULLETS) for raw in text.splitlines()) if line]


def _date_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if is_date_line(line) and not is_slogan(line)), None)


def _undated_title(lines: list[str]) -> int | None:
    for i in range(len(lines) - 1):
        if looks_like_headline(lines[i]) and len(lines[i + 1]) >= _PARAGRAPH:
            return i
    return None


def _split_captions(lines: list[str]) -> tuple[list[str], list[str]]:
    """Short non-sentences between two paragraphs are captions; the last lines (byline) never are."""
    body: list[str] = []
    captions: list[str] = []
    for i, line in enumerate(lines):
        between = 0 < i < len(lines) - 1 and len(lines[i - 1]) >= _PARAGRAPH and len(lines[i + 1]) >= _PARAGRAPH
        if between and len(line) <= _MAX_CAPTION and not line.endswith(_SENTENCE_END):
            captions.append(line)
        else:
            body.append(line)
    return body, captions


def extract_text(text: str | bytes, url: str, *, repeated: RepeatedBlocks | None = None) -> CleanedArticle:
    """Clean one page given as text (bytes are decoded like HTML bodies: BOM, detection, NFC)."""
    lines = _lines(decode_text(text) if isinstance(text, bytes) else text)
    if not lines:
        raise ExtractionError("empty text")
    if repeated is not None:
        repeated.observe(lines)
    date_at = _date_index(lines)
    published = parse_date(lines[date_at]) if date_at is not None else None
    title_at = headline_near(lines, date_at) if date_at is not None else _undated_title(lines)
    if title_at is None:
        raise ExtractionError("no title found (no headline beside a date line)")
    start = max(title_at, date_at if date_at is not None else title_at) + 1
    body_lines, captions = _split_captions([line for line in lines[start:] if not is_stray(line)])
    body = build_body(body_lines, lines[title_at], repeated)
    joined = "\n\n".join(body.lines)
    if len(joined) < _MIN_BODY:
        raise ExtractionError(f"article body too short ({len(joined)} characters)")
    return CleanedArticle(
        url=url,
        title=lines[title_at],
        body=joined,
        published=published,
        author=body.author,
        byline=body.byline,
        captions=tuple(captions),
    )
