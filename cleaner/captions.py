"""Image captions: found by the conventions of Vietnamese CMSs, taken out of the body into their own list.

A caption is a `<figcaption>`, an element whose class says so, or the short centred or italic line
printed right under (or beside) a photo, including the one-image "photo table" of older editors.
Stray `alt` text never becomes text here: only printed text is read.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from vnlang.text import nfc

CAPTION_CLASS = re.compile(
    r"caption|chu-?thich|image-?desc|img-?desc|photo-?desc|figcaption|pic-?desc|anh-?desc|image_desc|expEdit",
    re.IGNORECASE,
)
_CAPTION_CANDIDATES = etree.XPath(".//*[@class]")
_CENTERED = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_HOLDERS = {"p", "div", "td", "figure", "center", "span"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MAX_CAPTION = 300


def _text(el: HtmlElement) -> str:
    return nfc(" ".join(el.text_content().replace("\xa0", " ").split()))


def _is_centered(el: HtmlElement) -> bool:
    return bool(_CENTERED.search(el.get("style", ""))) or el.get("align", "").lower() == "center" or el.tag == "center"


def _is_emphasised(el: HtmlElement, text: str) -> bool:
    marks = el.xpath("./em | ./i | ./span[contains(@style, 'italic')]")
    return bool(marks) and " ".join(_text(m) for m in marks) == text


def _caption_after_image(img: HtmlElement) -> HtmlElement | None:
    holder = img
    while holder.getparent() is not None and holder.tag not in _HOLDERS - {"span"}:
        holder = holder.getparent()
    if holder.tag == "td":  # a photo table: the caption is the table's other text
        table = next(holder.iterancestors("table"), None)
        if table is not None and len(table.xpath(".//img")) == 1 and 0 < len(_text(table)) <= MAX_CAPTION:
            return table
    if holder.tag != "div" and _text(holder) and len(_text(holder)) <= MAX_CAPTION and _is_centered(holder):
        return holder  # caption printed beside the image in the same centred paragraph
    sibling = holder.getnext()
    if sibling is None or sibling.tag not in _HOLDERS or sibling.xpath(".//img"):
        return None
    text = _text(sibling)
    if not text or len(text) > MAX_CAPTION:
        return None
    return sibling if ((_is_centered(sibling) and not _centred_flow(holder)) or _is_emphasised(sibling, text)) else None


def _centred_flow(holder: HtmlElement) -> bool:
    """The text before the photo is centred too: the page centres all its text, so centring marks no caption."""
    before = holder.getprevious()
    if before is None or before.tag not in _HOLDERS | _HEADINGS or before.xpath(".//img"):
        return False
    return _is_centered(before) and bool(_text(before))


def find_captions(
    root: HtmlElement, css: str | None = None, labelled: list[HtmlElement] | None = None
) -> list[tuple[HtmlElement, str]]:
    """Caption elements under `root` with their text, in page order (outermost only).

    `labelled`, when the caller has them, are the elements of `root` that carry a class.
    """
    found: list[HtmlElement] = []
    if css:
        found.extend(CSSSelector(css)(root))
    found.extend(root.xpath(".//figcaption"))
    candidates = _CAPTION_CANDIDATES(root) if labelled is None else labelled
    found.extend(e for e in candidates if CAPTION_CLASS.search(e.get("class", "")))
    chosen = set(found)
    for img in root.iter("img"):
        if img not in chosen and not any(a in chosen for a in img.iterancestors()):
            if (caption := _caption_after_image(img)) is not None:
                found.append(caption)
                chosen.add(caption)
    captions: list[tuple[HtmlElement, str]] = []
    # Source lines give document order without walking the tree (ties keep the order found).
    for el in sorted(dict.fromkeys(found), key=lambda e: e.sourceline or 0):
        if any(a in chosen for a in el.iterancestors()):
            continue
        text = _text(el)
        if text and len(text) <= MAX_CAPTION:  # a wrapper named "caption" that holds the article is not one
            captions.append((el, text))
    return captions


def _keep_only_images(el: HtmlElement) -> None:
    el.text = None
    for child in list(el):
        child.tail = None
        if child.tag == "img":
            continue
        if child.xpath(".//img"):
            _keep_only_images(child)
        else:
            child.drop_tree()


def remove_captions(captions: list[tuple[HtmlElement, str]]) -> None:
    """Take the captions' text out of the tree; the images stay."""
    for el, _ in captions:
        if el.getparent() is None:
            continue
        if el.tag == "figcaption" or not el.xpath(".//img"):
            el.drop_tree()
            continue
        _keep_only_images(el)


def caption_texts(captions: list[tuple[HtmlElement, str]]) -> list[str]:
    texts: list[str] = []
    for _, text in captions:
        if text not in texts:
            texts.append(text)
    return texts
