"""HTML page → Article.

Layers, most precise first: the site profile's selectors; the page's own metadata (JSON-LD,
OpenGraph); then generic rules that work on a site never seen before (main-content scoring, noise
tags and classes, noise lines, caption and byline shapes).
"""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
from lxml.etree import ParserError
from lxml.html import HtmlElement

from cleaner.article import Article, ExtractionError
from cleaner.blocks import Block, iter_blocks
from cleaner.boilerplate import NOISE_CLASS, NOISE_TAGS, is_noise_line, is_related_heading
from cleaner.byline import parse_byline
from cleaner.dates import has_time, parse_date
from cleaner.decode import decode_html
from cleaner.metadata import PageMetadata, read_metadata
from cleaner.selectors import Selectors
from search.vietnamese import nfc

_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»]|::)\s+")
_CAPTION_CLASS = re.compile(r"caption|chu-?thich|image-?desc|img-?desc|photo-?desc|figcaption", re.IGNORECASE)
_CENTERED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_CATEGORY_PREFIX = re.compile(r"^(?:danh mục|chuyên mục|chuyên trang|category)\s*:\s*", re.IGNORECASE)
_MAX_CAPTION = 300
_MIN_BODY = 40


def _squash(text: str | None) -> str:
    return nfc(" ".join((text or "").replace("\xa0", " ").split()))


def _first(tree: HtmlElement, css: str | None) -> HtmlElement | None:
    if not css:
        return None
    found = tree.cssselect(css)
    return found[0] if found else None


def _text(el: HtmlElement | None) -> str:
    return _squash(el.text_content()) if el is not None else ""


def _parse(html: str) -> HtmlElement:
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str input with an encoding declaration
    try:
        return lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as exc:
        raise ExtractionError(f"not an HTML document: {exc}") from exc


def _title(tree: HtmlElement, sel: Selectors, meta: PageMetadata) -> tuple[str, HtmlElement | None]:
    """The headline: a heading that the page's `<title>` or metadata confirms, else the best guess."""
    if (el := _first(tree, sel.title)) is not None and _text(el):
        return _text(el), el
    headings = [
        (el, _text(el))
        for el in tree.xpath("//h1 | //h2 | //h3 | //*[@itemprop='headline'] | //*[contains(@class, 'title')]")
        if 10 <= len(_text(el)) <= 400
    ]
    page_title = _text(_first(tree, "title"))
    segment = max(_TITLE_SEPARATORS.split(page_title), key=len)
    for reference in (meta.title, page_title, segment):
        confirmed = [(el, t) for el, t in headings if reference and (t in reference or t.startswith(reference))]
        if confirmed:
            el, text = max(confirmed, key=lambda pair: len(pair[1]))
            return text, el
    for el, text in headings:
        if el.tag == "h1" and text != meta.site_name:
            return text, el
    if meta.title:
        return _squash(meta.title), None
    parts = _TITLE_SEPARATORS.split(page_title)
    return max(parts, key=len) if parts else "", None


def _date_from_element(el: HtmlElement) -> datetime | None:
    for attr in ("datetime", "content"):
        if el.get(attr) and (parsed := parse_date(el.get(attr))):
            return parsed
    return parse_date(_text(el))


def _published(tree: HtmlElement, sel: Selectors, meta: PageMetadata, title_el: HtmlElement | None) -> datetime | None:
    if (el := _first(tree, sel.date)) is not None and (parsed := _date_from_element(el)):
        return parsed
    if meta.published and (parsed := parse_date(meta.published)):
        return parsed
    if (el := _first(tree, "time[datetime]")) is not None and (parsed := _date_from_element(el)):
        return parsed
    return _date_line(tree, title_el)


def _date_line(tree: HtmlElement, title_el: HtmlElement | None) -> datetime | None:
    """The short date line nearest the title; one with a clock time wins over a bare date."""
    body = tree.find("body")
    if body is None:
        return None
    blocks = iter_blocks(body)
    anchor = next((i for i, b in enumerate(blocks) if title_el is not None and b.element is title_el), None)
    candidates = []
    for i, block in enumerate(blocks):
        if len(block.text) > 90 or not (parsed := parse_date(block.text)):
            continue
        distance = abs(i - anchor) if anchor is not None else i
        candidates.append((not has_time(block.text), distance, parsed))
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def _category(tree: HtmlElement, sel: Selectors, meta: PageMetadata) -> str | None:
    if (el := _first(tree, sel.category)) is not None and (text := _text(el)):
        return _CATEGORY_PREFIX.sub("", text) or None
    if meta.section:
        return _squash(meta.section)
    # Joomla's category line and schema.org microdata say it outright.
    if (el := _first(tree, ".category-name, [itemprop=articleSection], [itemprop=genre]")) is not None:
        return _CATEGORY_PREFIX.sub("", _text(el)) or None
    crumbs = tree.cssselect(".breadcrumb a, .breadcrumbs a, [class*=breadcrumb] li")
    names = [_text(c) for c in crumbs if _text(c) and _text(c).lower() not in {"trang chủ", "home"}]
    return names[-1] if names else None


def _main_content(tree: HtmlElement) -> HtmlElement | None:
    """The element holding most paragraph text that is not link text (a readability-style vote)."""
    scores: dict[HtmlElement, float] = {}
    for para in tree.xpath("//p | //td[not(.//p) and not(.//td)] | //div[not(.//p) and not(.//div)]"):
        text = _text(para)
        links = sum(len(_text(a)) for a in para.iter("a"))
        weight = len(text) - 2 * links
        if weight < 25:
            continue
        parent = para.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        if (grand := parent.getparent()) is not None:
            scores[grand] = scores.get(grand, 0.0) + weight / 2
    return max(scores, key=scores.__getitem__) if scores else None


def _is_furniture(el: HtmlElement) -> bool:
    label = f"{el.get('class', '')} {el.get('id', '')}"
    if not NOISE_CLASS.search(label):
        return False
    prose = sum(len(_text(p)) for p in el.iter("p"))
    return prose < 400  # a mislabelled wrapper that holds the article is not furniture


def _drop(el: HtmlElement) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _strip_furniture(body: HtmlElement, sel: Selectors) -> None:
    for css in sel.remove:
        for el in body.cssselect(css):
            _drop(el)
    for el in list(body.iter(*NOISE_TAGS)):
        _drop(el)
    for el in [e for e in body.iter() if isinstance(e.tag, str) and e is not body and _is_furniture(e)]:
        if el.getparent() is not None:
            _drop(el)


def _caption_after_image(img: HtmlElement) -> HtmlElement | None:
    """The caption convention of most Vietnamese CMSs: a short centred or italic line under the photo."""
    holder = img
    while holder.getparent() is not None and holder.tag not in {"p", "div", "td", "figure", "center"}:
        holder = holder.getparent()
    if holder.tag == "td":  # a photo table: the caption is the table's other text
        table = next(holder.iterancestors("table"), None)
        if table is not None and len(table.xpath(".//img")) == 1 and 0 < len(_text(table)) <= _MAX_CAPTION:
            return table
    if _text(holder) and len(_text(holder)) <= _MAX_CAPTION and holder.tag != "div":
        return holder  # caption printed beside the image in the same centred paragraph
    sibling = holder.getnext()
    if sibling is None or sibling.tag not in {"p", "div", "center"} or sibling.xpath(".//img"):
        return None
    text = _text(sibling)
    if not text or len(text) > _MAX_CAPTION:
        return None
    styled = _CENTERED.search(sibling.get("style", "")) or sibling.get("align", "").lower() == "center"
    emphasised = all(_text(e) == text for e in sibling.xpath("./em | ./i")[:1]) and sibling.xpath("./em | ./i")
    return sibling if (styled or emphasised) else None


def _take_captions(body: HtmlElement, sel: Selectors) -> list[str]:
    found: list[HtmlElement] = []
    if sel.caption:
        found.extend(body.cssselect(sel.caption))
    found.extend(body.xpath(".//figcaption"))
    found.extend(e for e in body.iter() if isinstance(e.tag, str) and _CAPTION_CLASS.search(e.get("class", "")))
    for img in body.iter("img"):
        if not any(img in f.iter() or f in img.iterancestors() for f in found):
            if (caption := _caption_after_image(img)) is not None:
                found.append(caption)
    captions: list[str] = []
    for el in found:
        text = _text(el)
        if text and text not in captions and el.getparent() is not None:
            captions.append(text)
        if el.getparent() is not None:
            if el.tag == "figcaption" or el.xpath(".//img") == []:
                _drop(el)
            else:
                el.text = None
                for child in el:
                    child.tail = None
                    if not child.xpath("self::img | .//img"):
                        _drop(child)
    return captions


def _body_blocks(blocks: list[Block], title: str) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        text = block.text
        if not text:
            continue
        if is_related_heading(text):
            break
        if is_noise_line(text) or (text == title and not texts):
            continue
        if len(text) <= 90 and has_time(text) and parse_date(text) and not texts:
            continue  # the date line printed inside the article container
        texts.append(text)
    return texts


def _byline(tree: HtmlElement, sel: Selectors, texts: list[str]) -> tuple[str | None, str | None]:
    if (el := _first(tree, sel.byline)) is not None and (printed := _text(el)):
        parsed = parse_byline(printed)
        if printed in texts:
            texts.remove(printed)
        return (parsed[0], printed) if parsed else (printed, printed)
    for i in (len(texts) - 1, len(texts) - 2):
        if i > 0 and (parsed := parse_byline(texts[i])):
            del texts[i]
            return parsed
    return None, None


def extract_html(page: str | bytes, url: str, selectors: Selectors | None = None, content_type: str | None = None) -> Article:
    html = page if isinstance(page, str) else decode_html(page, content_type)
    if not html.strip():
        raise ExtractionError("empty page")
    tree = _parse(nfc(html))
    sel = selectors or Selectors()
    meta = read_metadata(tree)
    title, title_el = _title(tree, sel, meta)
    if not title:
        raise ExtractionError("no title found")
    published = _published(tree, sel, meta, title_el)
    category = _category(tree, sel, meta)
    body_el = _first(tree, sel.body)
    if body_el is None:
        body_el = _main_content(tree)
    if body_el is None:
        raise ExtractionError("no article body found")
    captions = _take_captions(body_el, sel)
    _strip_furniture(body_el, sel)
    texts = _body_blocks(iter_blocks(body_el), title)
    author, byline = _byline(body_el, sel, texts)
    if author is None and meta.author:
        author = _squash(meta.author)
    body = "\n\n".join(texts)
    if len(body) < _MIN_BODY:
        raise ExtractionError(f"article body too short ({len(body)} characters)")
    return Article(
        url=url,
        title=title,
        body=body,
        published=published,
        author=author,
        byline=byline,
        category=category,
        captions=tuple(captions),
    )
