"""What a reader can type besides words, on every backend: "phrases", -excluded words; and documents holding every
word of a keyword search ranked above those holding only some, with their count."""

import pytest

from portal.search.backends import postgres_index, tantivy_index
from portal.search.documents import IndexDocument
from portal.search.querying import analyze_query

from .backends import NAMES, backend_fixture, filled_index

pytestmark = pytest.mark.django_db

FILLER = "Nội dung được cập nhật thường xuyên. "
DOCS = [
    IndexDocument("phrase", "Tập huấn bình đẳng giới cho cán bộ xã"),
    IndexDocument("scattered", "Bình chọn giới trẻ", "Đẳng cấp mới", "Bình luận về giới trẻ và bình chọn"),
    IndexDocument("two-words", "Bình luận về giới trẻ", "Bình chọn giới trẻ", "Bình bình giới giới bình giới"),
    IndexDocument("danang", "Đà Nẵng đón khách du lịch", "Du lịch biển"),
    IndexDocument("danang-quiet", "Đà Nẵng mùa mưa", "Phố biển vắng"),
    IndexDocument("skin", "Da năng lượng mặt trời"),
    IndexDocument("headline", "Không phải ăn kiêng khi trị tiêu chảy", "Lời khuyên của bác sĩ"),
    IndexDocument(
        "wordy",
        "Chế độ dinh dưỡng cho người bệnh",
        "Không nên bỏ bữa",
        ("Người bệnh không phải lúc nào cũng ăn được. Không ăn đủ thì phải bổ sung. " + FILLER) * 3,
    ),
]

index = backend_fixture(DOCS)


def keys(index, text, **kwargs):
    return index.search(analyze_query(text), **kwargs).keys


def test_quoted_words_must_be_adjacent(index):
    assert keys(index, '"bình đẳng giới"') == ["phrase"]
    assert keys(index, '"binh dang gioi"') == ["phrase"]  # typed without diacritics: matched without them


def test_a_phrase_typed_with_diacritics_keeps_them(index):
    assert set(keys(index, '"đà nẵng"')) == {"danang", "danang-quiet"}
    assert keys(index, '"da năng"') == ["skin"]
    assert set(keys(index, '"da nang"')) == {"danang", "danang-quiet", "skin"}


def test_a_leading_minus_excludes_a_word(index):
    assert keys(index, "đà nẵng -du") == ["danang-quiet", "skin"]  # "Da năng" folds to the same words
    assert keys(index, "da nang -luong -du") == ["danang-quiet"]
    assert keys(index, "-du") == []  # nothing left to look for


def test_documents_holding_every_word_come_first_and_are_counted(index):
    hits = index.search(analyze_query("bình đẳng giới"), limit=10)
    # "two-words" holds "bình" and "giới" many times, but not "đẳng".
    assert hits.keys[0] == "phrase"
    assert hits.keys.index("scattered") < hits.keys.index("two-words")
    assert hits.complete == 2  # "phrase" and "scattered"
    assert hits.total == 3


def test_paging_across_the_tiers_repeats_and_skips_nothing(index):
    whole = keys(index, "bình đẳng giới", limit=10)
    pages = [keys(index, "bình đẳng giới", offset=start, limit=1) for start in range(len(whole))]
    assert [page[0] for page in pages] == whole


def test_a_remembered_headline_finds_its_article_first(index):
    for typed in ("khong phai an", "KHONG PHAI AN", "Không phải ăn", "không phải ăn kiêng"):
        assert keys(index, typed)[0] == "headline", typed


def test_a_one_word_search_is_not_tiered(index):
    assert index.search(analyze_query("giới"), limit=10).complete is None


@pytest.mark.parametrize("backend", NAMES)
def test_deep_pages_list_every_match_once_every_word_first(backend, django_db_blocker, monkeypatch):
    # Past the results ranked exactly (a small window here), later pages continue each tier without repeats.
    monkeypatch.setattr(postgres_index, "RESCORED", 2)
    monkeypatch.setattr(tantivy_index, "RECENCY_WINDOW", 2)
    documents = [IndexDocument(f"all-{n}", f"Bình đẳng giới số {n}", "Tin " * n) for n in range(5)]
    documents += [IndexDocument(f"some-{n}", f"Bình chọn số {n}", "Tin " * n) for n in range(5)]
    with filled_index(backend, documents, django_db_blocker) as local:
        listed = [key for start in range(0, 12, 3) for key in keys(local, "bình đẳng giới", offset=start, limit=3)]
        assert len(listed) == len(set(listed)) == 10
        assert {key[:4] for key in listed[:5]} == {"all-"}
        assert local.search(analyze_query("bình đẳng giới"), offset=3, limit=3).complete == 5
