import pytest

from portal.search.documents import IndexDocument
from portal.search.querying import analyze_query
from portal.search.restoration import prepare_query, restore

from .backends import NAMES, backend_fixture, filled_index

pytestmark = pytest.mark.django_db

TEXTS = [
    "Tập huấn về bình đẳng giới cho cán bộ",
    "Thúc đẩy bình đẳng giới trong gia đình",
    "Bình đẳng giới và phụ nữ dân tộc thiểu số",
    "Đăng ký thường trú tại Bình Định",
    "Giỏi giang và đảng viên",
    "Ủy ban nhân dân thị xã Hương Trà",
    "Virus máy tính lây lan",
]


index = backend_fixture([IndexDocument(key=str(i), title=t) for i, t in enumerate(TEXTS)])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("binh dang gioi", ["bình", "đẳng", "giới"]),
        ("uy ban nhan dan", ["ủy", "ban", "nhân", "dân"]),
        ("dang ky thuong tru", ["đăng", "ký", "thường", "trú"]),
    ],
)
def test_restores_the_likeliest_diacritics(index, typed, expected):
    assert restore(index, analyze_query(typed)) == expected


def test_nothing_to_restore(index):
    assert restore(index, analyze_query("bình đẳng")) is None  # typed with diacritics
    assert restore(index, analyze_query("virus")) is None  # a word that has none
    assert restore(index, analyze_query("")) is None


def test_prepared_query_ranks_with_restored_diacritics(index):
    query, suggestion = prepare_query(index, "binh dang gioi")
    assert suggestion == "bình đẳng giới"
    assert query.folded == ["binh", "dang", "gioi"] and all(query.exact)
    assert prepare_query(index, "bình đẳng giới")[1] is None


@pytest.mark.parametrize("backend", NAMES)
def test_rare_spelling_beats_frequent_ones_when_pairs_agree(backend, django_db_blocker):
    # Seven spellings of "dang" are each more frequent than "đẳng"; the pairs still point to "bình đẳng giới".
    common = ["đang", "đáng", "đảng", "dạng", "đặng", "đăng", "dang"]
    texts = [f"Người dân {word} làm việc {word}" for word in common for _ in range(3)]
    texts.append("Thúc đẩy bình đẳng giới")
    documents = [IndexDocument(key=str(i), title=t) for i, t in enumerate(texts)]
    with filled_index(backend, documents, django_db_blocker) as idx:
        assert restore(idx, analyze_query("binh dang gioi")) == ["bình", "đẳng", "giới"]
