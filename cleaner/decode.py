"""Bytes → text: charset from the HTTP header, then `<meta>`, then detection; always NFC.

Old provincial sites still serve windows-1258, where tones are combining marks, and some editors
emit NFD: both must come out as the same NFC text or search and dedup break. Undecodable bytes are
replaced, never raised, so one bad page cannot stop a crawl.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from vnlang.text import nfc

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _known(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        if charset := _known(match.group(1)):
            return charset
    if match := _META_CHARSET.search(body[:4096]):
        return _known(match.group(1))
    return None


def _is_utf8(body: bytes) -> bool:
    """Non-ASCII bytes that decode as UTF-8: real windows-1258 or latin-1 Vietnamese text practically never does."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def page_charset(body: bytes, content_type: str | None = None) -> str:
    """The charset a page is read with; its first bytes suffice (a page too large to hold is streamed)."""
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    charset = declared_charset(body, content_type)
    if charset and charset != "utf-8" and _is_utf8(body):
        charset = "utf-8"  # UTF-8 bytes under a stale label (iso-8859-1, windows-1258): the bytes win
    if charset:
        try:
            codecs.getincrementaldecoder(charset)().decode(body)  # not final: a head may end mid-character
            return charset
        except UnicodeDecodeError:
            pass  # a wrong declaration is common on these sites: detect instead
    best = from_bytes(body).best()
    return best.encoding if best else "utf-8"


def decode_html(body: bytes, content_type: str | None = None) -> str:
    return nfc(body.decode(page_charset(body, content_type), "replace"))


def decode_text(body: bytes) -> str:
    """A plain-text file: UTF-8 (with or without BOM) when it decodes, else detected; always NFC."""
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    try:
        return nfc(body.decode("utf-8"))
    except UnicodeDecodeError:
        best = from_bytes(body).best()
        return nfc(body.decode(best.encoding if best else "utf-8", "replace"))
