"""The contract every search backend keeps (tantivy, PostgreSQL on PostgreSQL, the in-memory fake): accent- and
case-insensitive matching, exact-diacritic and phrase ranking, filters, date order, suggestions, replacing and
deleting documents, and any input as a query."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.search.analysis import exact_token
from portal.search.backends.base import SearchIndex
from portal.search.documents import IndexDocument, SearchFilters
from portal.search.querying import analyze_query

from .backends import NAMES, backend_fixture, filled_index

# A cost bound of the backends built for a province's corpus; the in-memory fake reads every document anyway.
SCALED = [name for name in NAMES if name != "memory"]

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))


def day(d):
    return datetime.datetime(2022, 12, d, 9, tzinfo=TZ)


DOCS = [
    IndexDocument("a", "Tập huấn bình đẳng giới", "Nâng cao kiến thức về bình đẳng giới", "", 1, 10, day(15)),
    IndexDocument("b", "Bình chọn đẳng cấp", "Giới thiệu cuộc bình chọn", "", 1, 10, day(16)),
    IndexDocument("c", "Ủy ban nhân dân xã Bình Tiến", "Họp Uỷ ban", "Hội nghị về hòa giải", 1, 11, day(20)),
    IndexDocument("d", "Đà Nẵng đón khách", "Du lịch Đà Nẵng", "", 2, 20, day(18)),
    IndexDocument("e", "Da năng lượng", "Sản phẩm da", "", 1, 11, day(10)),
    IndexDocument("f", "Nghị quyết 06/2020/NQ-HĐND", "Về chính sách", "", 1, 10, day(1)),
]


index = backend_fixture(DOCS)


def keys(index, text, **kwargs):
    return index.search(analyze_query(text), **kwargs).keys


def test_every_backend_implements_the_contract(index):
    assert isinstance(index, SearchIndex)


def test_query_without_diacritics_matches_text_with_them(index):
    assert keys(index, "binh dang gioi")[0] == "a"
    assert keys(index, "BÌNH ĐẲNG GIỚI")[0] == "a"
    assert keys(index, "tap huan")[0] == "a"  # lower case, no diacritics
    assert keys(index, "TẬP HUẤN")[0] == "a"


def test_d_with_stroke_is_found_as_d_and_as_itself(index):
    assert "d" in keys(index, "da nang") and "d" in keys(index, "đà nẵng") and "d" in keys(index, "ĐÀ NẴNG")
    assert "f" in keys(index, "hdnd") and "f" in keys(index, "HĐND")


def test_both_tone_placements_match(index):
    assert "c" in keys(index, "uỷ ban") and "c" in keys(index, "ủy ban")
    assert "c" in keys(index, "hoà giải")


def test_exact_diacritics_rank_first(index):
    assert keys(index, "Đà Nẵng", filters=SearchFilters())[0] == "d"
    assert keys(index, "da năng")[0] == "e"


def test_phrase_ranks_above_scattered_words(index):
    assert keys(index, "bình đẳng")[:2] == ["a", "b"]


def test_document_numbers_are_found(index):
    assert keys(index, "06/2020/NQ-HĐND")[0] == "f"
    assert keys(index, "nq-hdnd")[0] == "f"


def test_long_question_is_not_an_and_of_every_word(index):
    assert keys(index, "Ở đâu có lớp tập huấn về bình đẳng giới cho cán bộ cấp xã năm nay?")[0] == "a"


def test_filters_by_site_category_and_date(index):
    assert set(keys(index, "bình", filters=SearchFilters(site_id=1))) == {"a", "b", "c"}
    assert keys(index, "bình", filters=SearchFilters(site_id=1, category_id=11)) == ["c"]
    window = SearchFilters(published_from=day(16), published_before=day(21))
    assert set(keys(index, "bình", filters=window)) == {"b", "c"}


def test_sort_by_date_and_pagination(index):
    assert keys(index, "bình", order_by_date=True) == ["c", "b", "a"]
    hits = index.search(analyze_query("bình"), offset=1, limit=1, order_by_date=True)
    assert hits.keys == ["b"] and hits.total == 3


@pytest.mark.parametrize("backend", NAMES)
def test_replacing_and_deleting_documents(backend, django_db_blocker):
    with filled_index(backend, DOCS, django_db_blocker) as local:
        local.upsert_and_delete([IndexDocument("a", "Tin đã sửa về môi trường")], ["b"])
        assert keys(local, "môi trường") == ["a"]
        assert "a" not in keys(local, "bình đẳng giới") and "b" not in keys(local, "bình chọn")
        assert keys(local, "sửa") == ["a"] and local.doc_count() == len(DOCS) - 1


@pytest.mark.parametrize("backend", NAMES)
def test_re_upsert_replaces_and_deleted_is_gone(backend, django_db_blocker):
    with filled_index(backend, DOCS, django_db_blocker) as local:
        local.upsert_and_delete([IndexDocument("d", "Huế đón khách", site_id=2, category_id=20)], [])
        assert keys(local, "Huế") == ["d"] and "d" not in keys(local, "da nang")
        assert local.doc_count() == len(DOCS)
        local.upsert_and_delete([], ["d", "no-such-key"])
        assert keys(local, "hue") == [] and local.doc_count() == len(DOCS) - 1
        assert local.suggest_titles("hue", SearchFilters(), 5) == []


@pytest.mark.parametrize("backend", NAMES)
def test_replace_all_with_nothing_clears(backend, django_db_blocker):
    with filled_index(backend, DOCS, django_db_blocker) as local:
        assert local.replace_all([]) == 0
        assert local.doc_count() == 0 and keys(local, "bình") == []


def outcome(index, text):
    """What a reader sees of a search: the order, the counts, and the scores (recency moves them by the clock)."""
    hits = index.search(analyze_query(text), limit=10)
    return hits.keys, hits.total, hits.complete, [round(score, 6) for score in hits.scores or []]


@pytest.mark.parametrize("backend", NAMES)
def test_a_rebuild_in_many_batches_equals_writing_each_document(backend, django_db_blocker, monkeypatch):
    """A rebuild may analyse batches in other processes (PostgreSQL): what it counts must be what writing the
    documents one at a time counts, or ranking and restoring diacritics would differ after every rebuild."""
    from portal.search.backends import postgres_index

    monkeypatch.setattr(postgres_index, "COPY_BATCH", 2)
    monkeypatch.setattr(postgres_index.os, "sched_getaffinity", lambda pid: {0, 1})  # the worker processes, always
    queries = ["bình đẳng giới", "binh dang", "ủy ban", "da nang", "06/2020/NQ-HĐND", "đón khách"]
    pair_names = [f"{exact_token(a)}_{exact_token(b)}" for a, b in [("bình", "đẳng"), ("đà", "nẵng"), ("ủy", "ban")]]
    with filled_index(backend, DOCS, django_db_blocker) as rebuilt:
        found = {text: outcome(rebuilt, text) for text in queries}
        forms = sorted(rebuilt.word_forms(["b", "d", "đ", "u", "ủ"]))
        pairs = rebuilt.pair_frequencies(pair_names)
        assert rebuilt.doc_count() == len(DOCS)
    with filled_index(backend, [], django_db_blocker) as written:
        for document in DOCS:
            written.upsert_and_delete([document], [])
        assert {text: outcome(written, text) for text in queries} == found
        assert sorted(written.word_forms(["b", "d", "đ", "u", "ủ"])) == forms
        assert written.pair_frequencies(pair_names) == pairs
        assert list(pairs.values()) == [1, 1, 1] and ("bình", 3) in forms
    with filled_index(backend, DOCS, django_db_blocker) as emptied:
        emptied.upsert_and_delete([], [document.key for document in DOCS])
        assert emptied.doc_count() == 0 and emptied.word_forms(["b", "đ"]) == []
        assert set(emptied.pair_frequencies(pair_names).values()) == {0}


@pytest.mark.parametrize("backend", NAMES)
def test_the_sites_of_indexed_documents(backend, django_db_blocker):
    with filled_index(backend, DOCS, django_db_blocker) as local:
        assert local.sites_of(["a", "d", "no-such-key"]) == {1, 2}
        assert local.sites_of(["c"]) == {1} and local.sites_of([]) == set()


def test_suggest_titles_by_prefix_without_accents(index):
    assert set(index.suggest_titles("binh d", SearchFilters(), 5)) == {"a", "b", "c"}  # đẳng, đẳng, dân
    assert index.suggest_titles("tap huan binh", SearchFilters(), 5) == ["a"]
    assert set(index.suggest_titles("da n", SearchFilters(), 5)) == {"d", "e"}
    assert index.suggest_titles("da n", SearchFilters(site_id=2), 5) == ["d"]
    assert set(index.suggest_titles("Ủy", SearchFilters(), 5)) == {"c"}
    assert index.suggest_titles("", SearchFilters(), 5) == [] and index.suggest_titles("zzq", SearchFilters(), 5) == []


@pytest.mark.parametrize("text", ["", "   ", "*(", "\x00", "😀", "zzqxv"])
def test_empty_or_garbage_query_finds_nothing(index, text):
    hits = index.search(analyze_query(text))
    assert hits.keys == [] and hits.total == 0


@pytest.mark.parametrize("text", ["", "   ", '"', "*", "(", "OR AND NOT", "\x00", "😀", "dân*", "a" * 10000])
def test_hostile_queries_never_raise(index, text):
    index.search(analyze_query(text))


@given(text=st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_valid_query(index, text):
    hits = index.search(analyze_query(text), limit=5)
    assert hits.total >= len(hits.keys)
    assert index.suggest_titles(text, SearchFilters(), 5) is not None


@pytest.mark.parametrize("backend", NAMES)
def test_recency_breaks_ties_only(backend, django_db_blocker):
    now = datetime.datetime.now(TZ)
    documents = [
        IndexDocument("old", "Lịch tiếp công dân", published_at=now - datetime.timedelta(days=700)),
        IndexDocument("new", "Lịch tiếp công dân", published_at=now - datetime.timedelta(days=3)),
        IndexDocument(
            "better-old", "Lịch tiếp công dân lịch tiếp công dân", published_at=now - datetime.timedelta(days=900)
        ),
    ]
    with filled_index(backend, documents, django_db_blocker) as local:
        assert keys(local, "lịch tiếp công dân")[1:] == ["new", "old"]
        assert keys(local, "lịch tiếp công dân")[0] == "better-old"


def planner_settings():
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    from portal.search.backends.postgres_index import SEARCH_SETTINGS

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(['current_setting(%s)'] * len(SEARCH_SETTINGS))}", list(SEARCH_SETTINGS))
        return dict(zip(SEARCH_SETTINGS, cursor.fetchone(), strict=True))


def test_searching_leaves_the_transactions_planner_settings_alone(index):
    # The PostgreSQL backend turns sequential scans, JIT and parallel workers off for its own queries only, not for
    # the request's others.
    before = planner_settings()
    assert before is None or before["max_parallel_workers_per_gather"] != "0"
    keys(index, "bình đẳng giới")
    index.suggest_titles("binh d", SearchFilters(), 5)
    assert planner_settings() == before


@pytest.mark.parametrize("backend", SCALED)
def test_words_in_most_documents_do_not_widen_the_search(backend, django_db_blocker, monkeypatch):
    # Past the budget, a word that is everywhere is left out: its documents are not matches by that word alone.
    from portal.search import ranking
    from portal.search.backends import postgres_index

    monkeypatch.setattr(ranking, "TERM_BUDGET", 5)
    monkeypatch.setattr(postgres_index, "CANDIDATE_BUDGET", 5)
    documents = [IndexDocument(f"common-{n}", f"Thông báo số {n} của xã") for n in range(12)]
    documents.append(IndexDocument("rare", "Thông báo lịch tiếp công dân của xã"))
    with filled_index(backend, documents, django_db_blocker) as local:
        assert keys(local, "lịch tiếp của xã") == ["rare"]
        assert len(keys(local, "thông báo của xã", limit=20)) == 13  # only common words: they are kept
