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


def test_names_sort_in_vietnamese_alphabetical_order() -> None:
    from vnlang.collation import sort_key

    names = ["Nguyễn Văn An", "Hoàng Văn Cường", "Đỗ Thị Gấm", "Ngô Thị Bình", "Hà Văn Chiến", "Dương Văn Đức",
             "Ông Văn Ba", "Ân Văn Tư", "Âu Thị Lan", "Ưng Văn Hòa", "Bế Thị Hòa", "Hà Thị Lan"]  # fmt: skip
    assert sorted(names, key=sort_key) == [
        "Ân Văn Tư", "Âu Thị Lan", "Bế Thị Hòa", "Dương Văn Đức", "Đỗ Thị Gấm", "Hà Thị Lan", "Hà Văn Chiến",
        "Hoàng Văn Cường", "Ngô Thị Bình", "Nguyễn Văn An", "Ông Văn Ba", "Ưng Văn Hòa",
    ]  # fmt: skip


def test_tones_follow_the_letter_in_dictionary_order() -> None:
    from vnlang.collation import sort_key

    tones = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(tones, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # a syllable's letters decide before its tone, and a shorter syllable before a longer one
    assert sorted(["mạc", "mác", "mà", "mã", "ma"], key=sort_key) == ["ma", "mà", "mã", "mác", "mạc"]
    # composition and old tone placement make no difference; case only orders otherwise equal names
    assert sort_key(unicodedata.normalize("NFD", "Hòa Bình")) == sort_key("Hoà Bình") == sort_key("Hòa Bình")
    assert sorted(["Hoá", "hoà", "HOA", "Hòa"], key=sort_key) == ["HOA", "Hòa", "hoà", "Hoá"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(150_000_000, "150.000.000"), (0, "0"), (999, "999"), (1000, "1.000"), (-25_000, "-25.000"),
     (2.5, "2,5"), (1_234_567.25, "1.234.567,25"), (3.0, "3")],
)  # fmt: skip
def test_numbers_print_with_vietnamese_separators(value: float, shown: str) -> None:
    from vnlang.numbers import format_number

    assert format_number(value) == shown
