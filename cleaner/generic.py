"""The main content of a page from a site with no profile.

trafilatura (fast mode, no comments) decides which paragraphs are the article: measured on AEB it
beats the project's own readability-style vote by far (bench/extraction.py), and in fast mode it
is quicker than trafilatura's default. Two things it gets wrong on Vietnamese union sites are
fixed around it: old layouts built of nested tables (flattened to divisions first, or the whole page
comes out as one table), and the lead ("sapo") that these CMSs print between the headline and the
content division (put back when trafilatura left it out).

Fast mode keeps the first good fragment it finds. When what it kept looks thin (little text, mostly
links, or far less than the page's largest block of prose), trafilatura runs again in its default
mode, whose fallbacks (readability, jusText, a recall pass) recover articles split over several
modules, answers printed after a question and content after an aside. Only thin pages pay for it
(about one page in six of the open web's articles, bench/extraction.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import trafilatura
from lxml.html import HtmlElement

from cleaner.blocks import Block
from cleaner.boilerplate import FurnitureNames
from cleaner.title import same_headline
from vnlang.dates import has_date
from vnlang.text import nfc

_LAYOUT_TAGS = {"table": "div", "tbody": "div", "thead": "div", "tfoot": "div", "tr": "div", "td": "div", "th": "div"}
_MIN_LEAD = 60
_MAX_LEAD_GAP = 4
_HEADLINE_REACH = 8  # lines: a headline found this early marks where the article starts
_THIN_TEXT = 300  # characters: an article shorter than this is worth a second look
_THIN_SHARE = 0.7  # of the page's prose: less than this is a fragment of it
_MORE = 1.1  # times the fragment's length: what the second look must find to replace it
_FRAGMENT_SHARE = 0.25  # of the page's prose: a fragment this small is not the article
_PROSE_BLOCK = 40  # characters: shorter blocks (labels, buttons) are not prose
_PROSE_LINE = 120  # characters: a line above the headline this long is text, not a menu or a logo
_LEAD_REACH = 25  # blocks: how far above the body the headline may stand for a named lead between them
_DESCRIBED = 50  # characters the summary metadata and a lead must share to be the same text
# What CMSs call the lead they print above the body: "detail-sapo", "entry-summary", "hometext", "standfirst".
_LEAD_NAMES = FurnitureNames(
    "sapo chapeau standfirst lead lede dek summary excerpt description intro hometext abstract tom-?tat mo-?ta".split()
)
_LEAD_ITEMPROPS = {"description", "abstract"}
_TABLE_RULE = re.compile(r"[|:\s]*-{3,}[-|:\s]*")


def _squash(text: str) -> str:
    return nfc(" ".join(text.replace("\xa0", " ").split()))


def _is_layout_table(table: HtmlElement) -> bool:
    """A table used for page layout rather than data: it holds paragraphs, divisions, tables or long cells."""
    if table.xpath(".//table | .//p | .//div | .//h1 | .//h2 | .//ul"):
        return True
    return any(len(cell.text_content()) > 200 for cell in table.iter("td", "th"))


def flatten_layout_tables(root: HtmlElement) -> None:
    for table in [t for t in root.iter("table") if _is_layout_table(t)]:
        for el in table.iter(*_LAYOUT_TAGS):
            if el.tag == "table" and el is not table and not _is_layout_table(el):
                continue
            el.tag = _LAYOUT_TAGS[el.tag]


def _link_density(block: Block) -> float:
    text = len(block.text) or 1
    return sum(len(_squash(a.text_content())) for a in block.element.iter("a")) / text


def _near_image(block: Block) -> bool:
    holder = block.element.getparent()
    return block.has_image or (holder is not None and bool(holder.xpath("./img | ./picture | ./*/img")))


def _is_named_lead(block: Block) -> bool:
    """The block (or its holder) is named as the lead ("detail-sapo", "hometext", itemprop=description).

    Never inside a link: that is a card of another story ("post-card__excerpt").
    """
    holder = block.element.getparent()
    if any(a.tag == "a" for a in block.element.iterancestors()):
        return False
    for el in (block.element, holder) if holder is not None else (block.element,):
        label = f"{el.get('class', '')} {el.get('id', '')} {el.get('data-role', '')}"
        if el.get("itemprop") in _LEAD_ITEMPROPS or _LEAD_NAMES.search(label):
            return True
    return False


def _described(text: str, description: str) -> bool:
    """The page's summary metadata prints the same text: the block is what the CMS calls its lead."""
    head = description[:_DESCRIBED]
    return len(head) == _DESCRIBED and (head in text or text[:_DESCRIBED] in description)


def _lead(
    blocks: list[Block], first_line: str, title: str, captions: set[str], sapo: bool = False, description: str = ""
) -> list[str]:
    """Prose blocks above the first paragraph trafilatura kept that are the article's lead.

    Two kinds. An unnamed prose block just above the body, only when the headline or date line is
    within reach above it, so a photo credit or a teaser box elsewhere on the page is never pulled in.
    And, with `sapo` (a Vietnamese page), a block named as the lead ("sapo", "hometext", "summary", …)
    or printed in the page's summary metadata, anywhere between the headline and the body: past the
    date line, the share bar and the photo, the summary box these CMSs print outside the body
    container. The Vietnamese press prints the sapo as the article's opening paragraph (it carries the
    "(Dân trí) -" tag); an English page's dek or excerpt is display copy, which readers of the text
    (and WCXB's annotators) mostly leave out.
    """
    texts = [b.text for b in blocks]
    if first_line not in texts:
        return []
    start = texts.index(first_line)
    above = range(start - 1, max(-1, start - _LEAD_REACH - 1), -1)
    top = next((i for i in above if same_headline(texts[i], title)), None)
    confirmed: list[int] = []
    near: list[int] = []
    closed = False  # a date line ends the unnamed lead (above it stand the byline, the headline)
    anchored = False
    for i in range(start - 1, max(-1, start - _MAX_LEAD_GAP - 1) if top is None else top, -1):
        block, reach = blocks[i], start - i <= _MAX_LEAD_GAP
        if len(block.text) <= 90 and has_date(block.text):
            anchored, closed = anchored or (reach and not closed), True
            continue
        if block.text in captions or (len(block.text) <= 160 and has_date(block.text)):
            continue  # a caption, or a "By … | November 18, 2019" line
        if len(block.text) < _MIN_LEAD or _link_density(block) > 0.3:
            continue
        if sapo and top is not None and (_is_named_lead(block) or _described(block.text, description)):
            confirmed.append(i)
        elif reach and not closed and not _near_image(block):
            near.append(i)
    anchored = anchored or (top is not None and start - top <= _MAX_LEAD_GAP)
    return [texts[i] for i in sorted(confirmed + (near if anchored else []))]


def _row(line: str) -> str:
    """A table row as trafilatura prints it ("| headline | In |") back to its text, its cells joined
    ("| 1/1/2013 | +13.1% |"); a lone cell to its text;
    the rule it prints under a header row ("---|---") to nothing."""
    if _TABLE_RULE.fullmatch(line):
        return ""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [c.strip() for c in line.strip("|").split(" | ") if c.strip()]
    label = min(cells, key=len) if cells else ""
    if len(cells) <= 2 and cells and len(label) <= 12 and not any(ch.isdigit() for ch in label):
        return max(cells, key=len)  # a short label beside the text ("In"); a figure is data, kept
    return " ".join(cells)


def page_prose(blocks: list[Block]) -> int:
    """Characters of prose on the whole page: blocks long enough to be sentences, not lists of links."""
    return sum(len(b.text) for b in blocks if len(b.text) >= _PROSE_BLOCK and _link_density(b) <= 0.3)


def _is_thin(text: str, blocks: list[Block]) -> bool:
    """Little text, mostly links, or far less than the prose the page prints."""
    if len(text) < _THIN_TEXT:
        return True
    linked = {b.text for b in blocks if len(b.text) >= _PROSE_BLOCK and _link_density(b) > 0.5}
    lines = [line for line in (_squash(raw) for raw in text.split("\n")) if line]
    if sum(len(line) for line in lines if line in linked) * 2 > len(text):
        return True
    return len(text) < _THIN_SHARE * page_prose(blocks)


def _extends(fragment: str, fuller: str, blocks: list[Block]) -> bool:
    """The fuller result replaces the fragment: it keeps most of it (the same article, longer), or the
    fragment is too short or too small a part of the page's prose to be the article. (Otherwise a
    fuller result elsewhere on the page is readers' comments or other stories more often than not.)"""
    if len(fuller) <= _MORE * len(fragment):
        return False  # a few more characters are a label or a link, not more of the article
    if len(fragment) < _THIN_TEXT or len(fragment) < _FRAGMENT_SHARE * page_prose(blocks):
        return True
    kept = {_squash(line) for line in fuller.split("\n")}
    lines = [line for line in (_squash(raw) for raw in fragment.split("\n")) if line]
    return sum(len(line) for line in lines if line in kept) * 2 >= sum(map(len, lines))


def _before(fragment: str, fuller: str, blocks: list[Block]) -> str:
    """What the fast path kept above the fuller result and the fuller one left out: a question above its answer."""
    where = {b.text: i for i, b in reversed(list(enumerate(blocks)))}
    kept = {_squash(line) for line in fuller.split("\n")}
    starts = [where[t] for t in kept if t in where]
    if not starts:
        return ""
    lines = [line for line in (_squash(raw) for raw in fragment.split("\n")) if line]
    above = [line for line in lines if line not in kept and where.get(line, len(blocks)) < min(starts)]
    return "".join(line + "\n" for line in above) if len(above) == len(lines) else ""


@contextmanager
def _ampersands_kept(doc: HtmlElement) -> Iterator[None]:
    """trafilatura unescapes the text it returns (xmltotxt), though lxml has decoded the page's entities
    already: a page that prints "&lt;b&gt;" (written &amp;lt;b&amp;gt;) came out as "<b>". Its text
    nodes holding "&" are escaped for the call, and given back as they were."""
    changed = []
    for found in doc.xpath("//text()[contains(., '&')]"):
        element, attribute = found.getparent(), "text" if found.is_text else "tail"
        if element is not None:
            changed.append((element, attribute, str(found)))
            setattr(element, attribute, str(found).replace("&", "&amp;"))
    try:
        yield
    finally:
        for element, attribute, text in changed:
            setattr(element, attribute, text)


def _extract(doc: HtmlElement, fast: bool) -> str:
    with _ampersands_kept(doc):
        extracted = trafilatura.bare_extraction(
            doc, fast=fast, include_comments=False, with_metadata=False, include_tables=True, as_dict=False
        )
    return (getattr(extracted, "text", None) if extracted is not None else None) or ""


def main_lines(
    doc: HtmlElement,
    blocks: list[Block],
    title: str,
    captions: set[str],
    whole: Callable[[], HtmlElement],
    sapo: bool = False,
    description: str = "",
) -> list[str] | None:
    """The article's paragraphs in `doc` (already stripped of captions), or None when nothing looks like one.

    `blocks` are the page's text blocks as first parsed, where the lead is looked for and the page's
    prose measured; `captions` the captions already taken out of `doc`; `sapo`: look for the lead
    outside the body container (a Vietnamese page), which `description`, the page's summary
    metadata, may confirm.
    """
    flatten_layout_tables(doc)
    text = _extract(doc, fast=True)
    if _is_thin(text, blocks) and _extends(text, fuller := _extract(whole(), fast=False), blocks):
        text = _before(text, fuller, blocks) + fuller  # captions are still in the untouched page: out below
    if not text:
        return None
    lines = [line for line in (_row(_squash(raw)) for raw in text.split("\n")) if line and line not in captions]
    at = next((i for i, line in enumerate(lines[:_HEADLINE_REACH]) if same_headline(line, title)), None)
    if at is not None:
        if not any(len(line) >= _PROSE_LINE for line in lines[:at]):
            lines = lines[at + 1 :]  # menus or a logo kept above the headline are not the article
        else:  # text above the headline: a page that prints the headline (and date line) after the text
            lines.pop(at)
            while at < len(lines) and len(lines[at]) <= 90 and has_date(lines[at]):
                lines.pop(at)
    while lines and (same_headline(lines[0], title) or (len(lines[0]) <= 90 and has_date(lines[0]))):
        lines.pop(0)  # the headline and date line, when trafilatura kept them
    if not lines:
        return None
    lead = [line for line in _lead(blocks, lines[0], title, captions, sapo, _squash(description)) if line not in lines]
    return lead + lines
