import unicodedata

import pytest

from portal.search.analysis import exact, exact_token, fold_token, folded, has_diacritics, spellings, tokenize


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hòa", "hoà"), ("thủy", "thuỷ"), ("ủy", "uỷ"), ("khỏe", "khoẻ"), ("Hóa", "hoá"), ("quý", "qúy")],
)
def test_both_tone_placements_give_one_exact_token(old_style, new_style):
    assert exact_token(old_style.lower()) == exact_token(new_style.lower())


def test_exact_tokens_keep_vowel_marks_and_tone():
    assert exact("Người ủy ban") == ["ngươif", "uyr", "ban"]
    assert exact_token("đồng") != exact_token("động") != exact_token("dong")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bình Đẳng Giới", ["binh", "dang", "gioi"]),
        ("người", ["nguoi"]),
        ("ĐÀ NẴNG", ["da", "nang"]),
        ("Nghị quyết 06/2020/NQ-HĐND", ["nghi", "quyet", "06", "2020", "nq", "hdnd"]),
        ("ảnh ổn ủy ạ ỹ", ["anh", "on", "uy", "a", "y"]),  # words that begin with a marked vowel
    ],
)
def test_folded_tokens(text, expected):
    assert folded(text) == expected


def test_decomposed_input_is_the_same_as_composed():
    text = "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    decomposed = unicodedata.normalize("NFD", text)
    assert tokenize(decomposed) == tokenize(text)
    assert exact(decomposed) == exact(text)


def test_punctuation_and_symbols_are_not_tokens():
    assert tokenize('"dân*" (OR) -- ; 😀 _x_') == ["dân", "or", "x"]


def test_has_diacritics():
    assert has_diacritics("đi") and has_diacritics("bình") and not has_diacritics("binh")
    assert fold_token("đ") == "d"


@pytest.mark.parametrize(
    "word",
    [
        "bình",
        "người",
        "khuyến",
        "hòa",
        "thủy",
        "huỳnh",
        "hoàng",
        "gì",
        "già",
        "quý",
        "giữa",
        "của",
        "mười",
        "đẳng",
        "nguyễn",
        "xoáy",
        "khoái",
        "việt",
        "quốc",
        "ở",
        "ý",
        "gìn",
        "nghiêng",
        "yêu",
        "ban",
    ],
)
def test_an_exact_token_reads_back_as_the_written_word(word):
    assert word in spellings(exact_token(word))


def test_both_tone_placements_read_back_as_one_and_foreign_words_as_themselves():
    assert spellings(exact_token("hoà")) == spellings(exact_token("hòa")) == ["hoaf", "hòa"]
    assert spellings(exact_token("thuỷ")) == ["thuyr", "thủy"]
    assert spellings("bus") == ["bus", "bú"]  # both are words; each folds to what a reader would type for it
    assert spellings(exact_token("café")) == ["cafes", "café"]  # no Vietnamese syllable: the mark on its last vowel
    assert spellings("ban") == ["ban"] and spellings("xyz") == ["xyz"]
