import unicodedata

import pytest

from portal.core.text import fold, nfc, slugify_vi


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đà Nẵng", "da-nang"),
        ("đường Điện Biên Phủ", "duong-dien-bien-phu"),
        ("Ủy ban nhân dân thị xã Hương Trà", "uy-ban-nhan-dan-thi-xa-huong-tra"),
        ("Uỷ ban nhân dân", "uy-ban-nhan-dan"),
        ("Người dân được hưởng lợi", "nguoi-dan-duoc-huong-loi"),
        ("Nghị quyết số 06/2020/NQ-HĐND", "nghi-quyet-so-06-2020-nq-hdnd"),
        ("Tập huấn về phát triển năng lực lồng ghép giới", "tap-huan-ve-phat-trien-nang-luc-long-ghep-gioi"),
    ],
)
def test_slugs_transliterate_vietnamese(title, slug):
    assert slugify_vi(title) == slug


def test_slug_of_decomposed_title_matches_composed():
    assert slugify_vi(unicodedata.normalize("NFD", "Đà Nẵng")) == "da-nang"


def test_fold_removes_all_tones_and_d_stroke():
    assert fold("BÌNH ĐẲNG GIỚI") == "binh dang gioi"
    assert fold("người") == "nguoi"  # double-marked vowels fold too
    assert fold("hoà") == fold("hòa") == "hoa"


def test_nfc_composes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")
    assert decomposed != "Tiếng Việt"
    assert nfc(decomposed) == "Tiếng Việt"
