"""Encodings: windows-1258 (tones as combining marks) and UTF-8 NFD come out as NFC; bad bytes never crash."""

from __future__ import annotations

import unicodedata

import pytest

from cleaner import ExtractionError, extract_html, extract_text
from cleaner.decode import decode_html

TITLE = "Công đoàn huyện Thuận Châu trao 15 suất quà cho đoàn viên khó khăn"
BODY = ("Sáng 12/3, Liên đoàn Lao động huyện Thuận Châu đã trao 15 suất quà, mỗi suất trị giá 1 triệu đồng cho "
        "đoàn viên, người lao động có hoàn cảnh khó khăn. Đây là hoạt động thiết thực hưởng ứng Tháng Công nhân.")  # fmt: skip
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _page(charset: str) -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{TITLE}</title>'
            f"</head><body><h1>{TITLE}</h1><p>Ngày đăng: 12/03/2021 08:30</p><p>{BODY}</p><p>Lò Văn Hùng</p></body></html>")  # fmt: skip


def _as_cp1258(text: str) -> bytes:
    """How windows-1258 editors store Vietnamese: the base letter (â, ư, đ…) then the tone as a combining mark."""
    def split(c: str) -> str:
        parts = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
        return base + "".join(m for m in parts if m in _TONES)

    return "".join(split(c) for c in text).encode("cp1258")


def test_windows_1258_comes_out_nfc() -> None:
    raw = _as_cp1258(_page("windows-1258"))
    assert "\u0301".encode("cp1258") in raw  # the tones really are separate code points in the bytes
    article = extract_html(raw, "http://example.org/a")
    assert article.title == TITLE and article.body == BODY and article.author == "Lò Văn Hùng"
    assert unicodedata.is_normalized("NFC", article.body)


def test_windows_1258_declared_only_in_the_header() -> None:
    raw = _as_cp1258(_page("x-unknown"))
    article = extract_html(raw, "http://example.org/a", content_type="text/html; charset=windows-1258")
    assert article.title == TITLE


def test_utf8_nfd_comes_out_nfc() -> None:
    raw = unicodedata.normalize("NFD", _page("utf-8")).encode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw.decode("utf-8"))
    article = extract_html(raw, "http://example.org/a")
    assert article.title == TITLE and article.body == BODY
    text = unicodedata.normalize("NFD", f"{TITLE}\n12/03/2021 08:30\n{BODY}\nLò Văn Hùng").encode()
    assert extract_text(text, "http://example.org/a").body == BODY


def test_wrong_declaration_falls_back_to_detection() -> None:
    raw = _page("iso-8859-1").encode("utf-8")  # declared Latin-1, really UTF-8
    assert TITLE in decode_html(raw)
    assert extract_html(raw, "http://example.org/a", content_type="text/html; charset=windows-1252").title == TITLE


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe\xfd" * 300, b"<html><body>" + bytes(range(256)) * 20 + b"</body></html>", b"\x00" * 1000,
     "<html><head><meta charset='utf-8'></head><body><h1>Tiêu đề bài viết khá dài</h1><p>".encode() + b"\xc3\x28" * 80],
)  # fmt: skip
def test_undecodable_bytes_never_crash(raw: bytes) -> None:
    assert isinstance(decode_html(raw), str)
    try:
        extract_html(raw, "http://example.org/a")
    except ExtractionError:
        pass  # no article in it: an error the crawl records, never a crash
