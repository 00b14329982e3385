"""The search page over real pages: accent-insensitive, highlighted, filtered, and following every edit."""

from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from portal.news.models import ArticlePage
from tests.factories import local_dt, make_article, make_category


def titles(client, **params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(a.get_text().split()) for a in page.select(".search-results h2 a")]


@pytest.fixture
def articles(site_tree):
    _, home, news = site_tree
    culture = make_category(home, "Văn hóa")
    make_article(
        news, title="Tập huấn bình đẳng giới", lead="Lồng ghép giới cho cán bộ", published_at=local_dt(2022, 12, 15)
    )
    make_article(
        culture, title="Lễ hội văn hóa truyền thống", lead="Bình đẳng trong lễ hội", published_at=local_dt(2023, 1, 5)
    )
    make_article(news, title="Ủy ban nhân dân xã họp", lead="Họp định kỳ", published_at=local_dt(2023, 2, 1))
    return news, culture


@pytest.mark.django_db
def test_unaccented_query_finds_and_highlights(client, articles):
    response = client.get("/tim-kiem/", {"q": "binh dang gioi"})
    page = BeautifulSoup(response.content, "html.parser")
    first = page.select_one(".search-results li")
    assert " ".join(first.h2.get_text().split()) == "Tập huấn bình đẳng giới"
    assert [m.get_text() for m in first.h2.select("mark")] == ["bình", "đẳng", "giới"]
    assert "noindex" in page.select_one('meta[name="robots"]')["content"]


@pytest.mark.django_db
def test_tone_placement_does_not_matter(client, articles):
    assert titles(client, q="uỷ ban") == titles(client, q="ủy ban") == ["Ủy ban nhân dân xã họp"]


@pytest.mark.django_db
def test_category_date_filters_and_sort(client, articles):
    news, culture = articles
    assert titles(client, q="bình đẳng", chuyen_muc=culture.pk) == ["Lễ hội văn hóa truyền thống"]
    assert titles(client, q="bình đẳng", tu_ngay="2023-01-01") == ["Lễ hội văn hóa truyền thống"]
    assert titles(client, q="bình đẳng", den_ngay="2022-12-31") == ["Tập huấn bình đẳng giới"]
    by_date = titles(client, q="bình đẳng họp", sap_xep="moi-nhat")
    assert by_date == ["Ủy ban nhân dân xã họp", "Lễ hội văn hóa truyền thống", "Tập huấn bình đẳng giới"]
    # Bad filter values are ignored, not errors.
    assert titles(client, q="bình đẳng giới", chuyen_muc="abc", tu_ngay="30/02/2022", sap_xep="x")[0] == (
        "Tập huấn bình đẳng giới"
    )


@pytest.mark.django_db
def test_no_result_message(client, articles):
    response = client.get("/tim-kiem/", {"q": "xyzzy"})
    assert "Không tìm thấy kết quả nào" in response.content.decode()


@pytest.mark.django_db
def test_index_follows_publish_edit_unpublish_move_and_delete(client, site_tree):
    _, home, news = site_tree
    article = news.add_child(instance=ArticlePage(title="Nghị quyết về môi trường", live=False))
    assert titles(client, q="moi truong") == []  # a draft is not found

    article.save_revision().publish()
    assert titles(client, q="moi truong") == ["Nghị quyết về môi trường"]

    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "Nghị quyết về giao thông"
    article.save_revision().publish()
    assert titles(client, q="moi truong") == []
    assert titles(client, q="giao thong") == ["Nghị quyết về giao thông"]

    other = make_category(home, "Giao thông")
    article.move(other, pos="last-child")
    assert titles(client, q="giao thong", chuyen_muc=other.pk) == ["Nghị quyết về giao thông"]

    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert titles(client, q="giao thong") == []

    article = ArticlePage.objects.get(pk=article.pk)
    article.save_revision().publish()
    assert titles(client, q="giao thong") == ["Nghị quyết về giao thông"]
    Page.objects.get(pk=article.pk).delete()
    assert titles(client, q="giao thong") == []


@pytest.mark.django_db
def test_rebuild_command_indexes_every_live_article(client, articles):
    from io import StringIO

    from django.core.management import call_command

    from portal.search import index_sync

    index_sync.reset_process_index()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out, verbosity=0)
    assert "Đã lập chỉ mục 3 tài liệu" in out.getvalue()
    assert titles(client, q="le hoi") == ["Lễ hội văn hóa truyền thống"]


@pytest.mark.django_db
def test_did_you_mean_offers_the_restored_diacritics(client, articles):
    response = client.get("/tim-kiem/", {"q": "binh dang gioi"})
    page = BeautifulSoup(response.content, "html.parser")
    offer = page.select_one(".did-you-mean a")
    assert offer.get_text() == "bình đẳng giới"
    assert "Có phải bạn muốn tìm" in page.select_one(".did-you-mean").get_text()
    assert page.select_one(".did-you-mean") and titles(client, q=offer.get_text())[0] == "Tập huấn bình đẳng giới"
    accented = BeautifulSoup(client.get("/tim-kiem/", {"q": "bình đẳng giới"}).content, "html.parser")
    assert accented.select_one(".did-you-mean") is None


@pytest.mark.django_db
def test_first_results_page_costs_one_index_search(client, articles, monkeypatch):
    from portal.search import index_sync

    backend = type(index_sync.get_index())
    calls = []
    real_search = backend.search
    monkeypatch.setattr(backend, "search", lambda self, *a, **k: calls.append(k) or real_search(self, *a, **k))
    assert titles(client, q="bình đẳng")[0] == "Tập huấn bình đẳng giới"
    assert len(calls) == 1


@pytest.mark.django_db
def test_results_holding_every_word_come_first_and_the_page_says_how_many(client, articles):
    news, _ = articles
    # Many mentions of two of the three words, none of the third: it must still come after both complete matches.
    make_article(
        news,
        title="Bình chọn giới trẻ",
        lead="Bình chọn, bình luận, giới trẻ và giới văn nghệ",
        published_at=local_dt(2023, 3, 1),
    )
    make_article(news, title="Đẳng cấp bình dân", lead="Giới thiệu món ăn", published_at=local_dt(2023, 3, 2))
    response = client.get("/tim-kiem/", {"q": "bình đẳng giới"})
    page = BeautifulSoup(response.content, "html.parser")
    found = [" ".join(a.get_text().split()) for a in page.select(".search-results h2 a")]
    assert set(found[:2]) == {"Tập huấn bình đẳng giới", "Đẳng cấp bình dân"}
    assert "Bình chọn giới trẻ" in found[2:]
    count = " ".join(page.select_one(".result-count").get_text().split())
    assert "2 kết quả chứa đủ các từ khóa" in count and f"{len(found) - 2} kết quả chỉ chứa một phần" in count
    third = page.select(".search-results > li")[2]
    assert "chỉ chứa một phần từ khóa" in third.get_text()
    payload = client.get("/api/tim-kiem/", {"q": "bình đẳng giới"}).json()
    assert payload["total_all_words"] == 2 and payload["total"] == len(found)


@pytest.mark.django_db
def test_the_count_names_parts_only_when_there_are_two(client, articles):
    def count(q):
        page = BeautifulSoup(client.get("/tim-kiem/", {"q": q}).content, "html.parser")
        return " ".join(page.select_one(".result-count").get_text().split())

    assert count("tập huấn") == "Tìm thấy 1 kết quả cho “tập huấn”."  # every result holds both words
    assert "không kết quả nào chứa đủ các từ khóa, cả 2 kết quả chỉ chứa một phần" in count("lễ hội họp")


@pytest.mark.django_db
def test_did_you_mean_keeps_the_query_syntax_and_the_filters(client, articles):
    news, _ = articles
    response = client.get("/tim-kiem/", {"q": '"binh dang" gioi -hop', "chuyen_muc": news.pk})
    link = BeautifulSoup(response.content, "html.parser").select_one(".did-you-mean a")
    assert link.get_text() == '"bình đẳng" giới -hop'
    assert parse_qs(link["href"].removeprefix("?")) == {"q": ['"bình đẳng" giới -hop'], "chuyen_muc": [str(news.pk)]}
