"""An element's text as paragraphs ("blocks"), the unit the cleaner reasons about.

Text is flushed at every block-level boundary and at `<br>`, so table layouts, `<div>` soups and
proper `<p>` markup all come out as the same list of paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    "p div td th tr table li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote figure figcaption section article "
    "main header footer pre center address hr br tbody thead".split()
)


@dataclass
class Block:
    text: str
    element: HtmlElement  # the innermost block element the text belongs to
    has_image: bool = False


def _squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def iter_blocks(root: HtmlElement) -> list[Block]:
    blocks: list[Block] = []
    parts: list[str] = []
    state = {"image": False, "owner": root}

    def flush() -> None:
        text = _squash("".join(parts))
        if text or state["image"]:
            blocks.append(Block(text, state["owner"], state["image"]))
        parts.clear()
        state["image"] = False

    def walk(el: HtmlElement, owner: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
            owner = el
            state["owner"] = el
        if tag == "img":
            state["image"] = True
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child, owner)
            state["owner"] = owner
        if is_block:
            flush()
        if el.tail:
            parts.append(el.tail)

    walk(root, root)
    flush()
    return blocks
