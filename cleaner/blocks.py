"""An element's text as paragraphs ("blocks"), the unit the cleaner reasons about.

Text is flushed at every block-level boundary and at `<br>`, so table layouts, `<div>` soups and
proper `<p>` markup all come out as the same list of paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
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
    image = False
    owners = [root]  # the block element each open element's text belongs to

    def flush() -> None:
        nonlocal image
        if not parts and not image:
            return
        text = _squash("".join(parts))
        if text or image:
            blocks.append(Block(text, owners[-1], image))
        parts.clear()
        image = False

    # iterwalk keeps the traversal in C; only the start and end of each element come back to Python.
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                owners.append(el)
            elif tag == "img":
                image = True
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
                owners.pop()
            if el.tail and el is not root:
                parts.append(el.tail)
    flush()
    return blocks
