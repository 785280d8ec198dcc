"""The headline: not the site name, not the `<title>` suffix.

Most pages print it in a heading that the `<title>` or OpenGraph confirms. Old table layouts and
plain text have no heading at all; there the headline is the line next to the date line (see
`headline_near`), the one rule that serves both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lxml.html import HtmlElement

from cleaner.boilerplate import is_noise_line, is_slogan
from cleaner.metadata import PageMetadata
from vnlang.text import nfc

TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»]|::)\s+")
_HEADING_CLASS = re.compile(r"title|tieude|tieu-de|headline|heading", re.IGNORECASE)
_SENTENCE_END = (".", ";", ":", ",")
_QUOTES = str.maketrans("“”„«»‘’‚", "\"\"\"\"\"'''")
_HEADLINE_END = " .:;!"


def squash(text: str | None) -> str:
    return nfc(" ".join((text or "").replace("\xa0", " ").split()))


def _headline_key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split()).rstrip(_HEADLINE_END)


def same_headline(line: str, title: str) -> bool:
    """`line` is the headline printed again: the same words, whatever their case, quotes or closing stop.

    Pages repeat the headline at the top of the body, in capitals, in bold with a full stop, or with
    other quotation marks than the `<h1>`; none of that makes the line part of the article.
    """
    return bool(title) and abs(len(line) - len(title)) <= 3 and _headline_key(line) == _headline_key(title)


def looks_like_headline(text: str) -> bool:
    """15–250 characters, not ending a sentence with a full stop, not in capitals, not furniture."""
    if not 15 <= len(text) <= 250 or is_noise_line(text) or is_slogan(text) or text.count("|") >= 2:
        return False  # (two bars: a menu, "Trang chủ | Tin tức | Văn bản")
    return not text.endswith(_SENTENCE_END) or text.endswith("...")


def headline_near(lines: Sequence[str], date_index: int) -> int | None:
    """The headline beside a date line: the line just before it if it reads as a headline, else the one after.

    Pages with no separate heading print "headline, date line, body" or "date line, headline, body";
    the line before the date line wins because a body's first line after a date is usually a sentence.
    """
    before = [i for i in range(date_index - 1, max(-1, date_index - 4), -1) if len(lines[i]) >= 4][:1]
    after = [i for i in range(date_index + 1, min(len(lines), date_index + 4)) if len(lines[i]) >= 4][:1]
    for i in before + after:  # lines of a few characters ("In", "|") stand between them on some pages
        if looks_like_headline(lines[i]):
            return i
    return None


def _in_link(el: HtmlElement) -> bool:
    return el.tag == "a" or any(a.tag == "a" for a in el.iterancestors()) or (
        len(el) == 1 and el[0].tag == "a" and squash(el[0].text_content()) == squash(el.text_content())
        and el.tag != "h1"
    )  # fmt: skip


def strip_suffix(title: str, site_names: set[str]) -> str:
    """`<title>` text less the site name: "Headline - Liên đoàn Lao động tỉnh X" → "Headline"."""
    parts = [p for p in TITLE_SEPARATORS.split(title) if p]
    kept = [p for p in parts if p.casefold() not in site_names]
    if len(kept) == len(parts) and len(parts) > 1:
        last, rest = parts[-1], " - ".join(parts[:-1])
        kept = parts[:-1] if len(last) <= min(60, len(rest)) and last[:1].isupper() else parts
    return " - ".join(kept) if kept else title


def _heading_elements(tree: HtmlElement, labelled: list[HtmlElement]) -> list[HtmlElement]:
    named = [
        el for el in labelled
        if el.get("itemprop") == "headline" or _HEADING_CLASS.search(el.get("class", "")) and el.tag not in ("body", "html")
    ]  # fmt: skip
    chosen = set(named)
    return named + [el for el in tree.iter("h1", "h2", "h3") if el not in chosen]


def find_title(
    tree: HtmlElement,
    labelled: list[HtmlElement],
    meta: PageMetadata,
    page_title: str,
    site_names: set[str],
    date_distance: Callable[[HtmlElement], int | None] = lambda el: None,
) -> tuple[str, HtmlElement | None]:
    """The headline and its element (None when it only comes from metadata or the `<title>`).

    `labelled` are the page's elements that carry a class, id or itemprop; `date_distance` tells
    how far from an element the nearest date line stands (None: not right by it). In order: a heading the `<title>` or OpenGraph confirms, a
    heading with the date line beside it, the `<h1>`, the metadata title less its site suffix.
    """
    headings = []
    for el in _heading_elements(tree, labelled):
        raw = el.text_content()
        if len(raw) > 2000:
            continue
        text = squash(raw)
        if 10 <= len(text) <= 400 and text.casefold() not in site_names and not _in_link(el):
            headings.append((el, text))
    references = [r for r in (squash(meta.title), page_title, *TITLE_SEPARATORS.split(page_title)) if r]
    for reference in references:
        confirmed = [
            (el, t) for el, t in headings
            if t == reference or (len(t) >= 20 and t in reference) or t.startswith(reference)
        ]  # fmt: skip
        if confirmed:
            el, text = max(confirmed, key=lambda pair: len(pair[1]))
            return text, el
    dated = [(d, -len(t), el, t) for el, t in headings if looks_like_headline(t) and (d := date_distance(el)) is not None]
    if dated:
        _, _, el, text = min(dated, key=lambda c: (c[0], c[1]))
        return text, el
    for el, text in headings:
        if el.tag == "h1" and not is_slogan(text):
            return text, el
    if meta.title:
        return strip_suffix(squash(meta.title), site_names), None
    return "", None
