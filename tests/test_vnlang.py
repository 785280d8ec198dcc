import unicodedata

import pytest

from vnlang.text import fold, normalize, normalize_tones


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("HOÀ", "HÒA"), ("tuỳ", "tùy"), ("hoạ", "họa")],
)
def test_old_tone_placement_becomes_new(old: str, new: str) -> None:
    assert normalize_tones(old) == new
    assert normalize_tones(new) == new


@pytest.mark.parametrize("word", ["hoàn", "quý", "quỳnh", "người", "ngoài", "xoáy", "khuya", "thuyền", "khoảng"])
def test_words_with_one_right_tone_place_are_untouched(word: str) -> None:
    assert normalize_tones(word) == word


def test_nfd_input_comes_out_nfc_and_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Liên đoàn Lao động tỉnh Hoà Bình")
    assert normalize(decomposed) == "liên đoàn lao động tỉnh hòa bình"


def test_fold_handles_d_stroke_and_damaged_diacritics() -> None:
    assert fold("Đuợc") == fold("được") == "duoc"
    assert fold("co sở") == fold("cơ sở") == "co so"
    assert fold("CÔNG ĐOÀN") == "cong doan"
