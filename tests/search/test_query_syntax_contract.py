"""What a reader can type besides words, on every backend: "phrases", -excluded words; and documents holding every
word of a keyword search ranked above those holding only some, with their count."""

import datetime

import pytest

from portal.search.backends import postgres_index, tantivy_index
from portal.search.documents import IndexDocument
from portal.search.querying import analyze_query
from portal.search.restoration import prepare_query

from .backends import NAMES, backend_fixture, filled_index

pytestmark = pytest.mark.django_db


def day(number):
    return datetime.datetime(2024, 1, 1 + number, 9, tzinfo=datetime.UTC)


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
def test_pages_agree_with_one_long_list_every_word_first(backend, django_db_blocker, monkeypatch):
    # Small windows of exact ranking (recency on tantivy, rescoring on PostgreSQL): later pages must continue them.
    monkeypatch.setattr(postgres_index, "RESCORED", 4)
    monkeypatch.setattr(tantivy_index, "RECENCY_WINDOW", 4)
    # Equal scores within each tier, so only the recency tie-break orders them (newest first where it applies).
    documents = [IndexDocument(f"all-{n}", "Bình đẳng giới", published_at=day(n)) for n in range(3)]
    documents += [IndexDocument(f"some-{n:02}", "Bình chọn", published_at=day(n)) for n in range(12)]
    with filled_index(backend, documents, django_db_blocker) as local:
        whole = keys(local, "bình đẳng giới", limit=100)
        paged = [key for start in range(0, 18, 3) for key in keys(local, "bình đẳng giới", offset=start, limit=3)]
        assert paged == whole and len(whole) == len(set(whole)) == 15
        assert {key[:4] for key in whole[:3]} == {"all-"}
        assert local.search(analyze_query("bình đẳng giới"), offset=6, limit=3).complete == 3


@pytest.mark.parametrize("backend", NAMES)
def test_every_document_counted_can_be_listed(backend, django_db_blocker, monkeypatch):
    # Candidates come from rare terms; documents that only a common word brought in still follow on later pages.
    from portal.search import ranking

    monkeypatch.setattr(postgres_index, "CANDIDATE_BUDGET", 2)
    monkeypatch.setattr(postgres_index, "RESCORED", 2)
    monkeypatch.setattr(ranking, "TERM_BUDGET", 100)
    documents = [IndexDocument(f"body-{n}", f"Thông báo số {n}", "", "Lịch tiếp công dân của xã") for n in range(6)]
    documents.append(IndexDocument("title", "Lịch tiếp công dân"))
    with filled_index(backend, documents, django_db_blocker) as local:
        hits = local.search(analyze_query("lịch tiếp công dân"), limit=100)
        paged = [key for start in range(0, 9, 2) for key in keys(local, "lịch tiếp công dân", offset=start, limit=2)]
        assert hits.total == hits.complete == len(hits.keys) == len(set(paged)) == len(paged) == 7
        assert hits.keys[0] == "title"


@pytest.mark.parametrize("backend", NAMES)
def test_a_phrase_keeps_what_was_typed_after_diacritics_are_restored(backend, django_db_blocker):
    # A reader who quotes "da nang" without diacritics wants every spelling, not the one restoration guesses.
    documents = [IndexDocument("danang", "Đà Nẵng đón khách"), IndexDocument("skin", "Da năng lượng")]
    documents += [IndexDocument(f"danang-{n}", f"Du lịch Đà Nẵng {n}") for n in range(3)]
    with filled_index(backend, documents, django_db_blocker) as local:
        query, restored = prepare_query(local, '"da nang"')
        assert restored == "đà nẵng"
        assert set(local.search(query, limit=10).keys) == {"danang", "skin", "danang-0", "danang-1", "danang-2"}


@pytest.mark.parametrize("backend", NAMES)
def test_words_longer_than_any_word_are_ignored_not_an_error(backend, django_db_blocker):
    # Case folding lengthens some letters ("ᾀ" -> "ἀι"): no term may outgrow what an index can hold.
    with filled_index(backend, [IndexDocument("a", "Luật đất đai", "ᾀ" * 600)], django_db_blocker) as local:
        for text in ("luật -" + "ᾀ" * 420, 'luật "' + "ᾀ" * 420 + '"', "ᾀ" * 499):
            local.search(analyze_query(text))
        assert keys(local, "luật -" + "ᾀ" * 420) == ["a"]
