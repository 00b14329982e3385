"""Search answers are remembered per site: a repeated search does not search again, an edit shows at once on its own
site, and another site's answers stay warm."""

import pytest
from bs4 import BeautifulSoup

from portal.search import index_sync
from tests.factories import make_article, make_category, make_site

A, B = "huongtra.example.vn", "binhtien.example.vn"


@pytest.fixture
def engine_searches(monkeypatch):
    """Every search and title suggestion the index runs, as (kind, site id)."""
    calls = []
    index_class = type(index_sync.get_index())
    search, suggest = index_class._search, index_class.suggest_titles

    def counting_search(self, query, filters, **options):
        calls.append(("search", filters.site_id))
        return search(self, query, filters, **options)

    def counting_suggest(self, text, filters, limit):
        calls.append(("suggest", filters.site_id))
        return suggest(self, text, filters, limit)

    monkeypatch.setattr(index_class, "_search", counting_search)
    monkeypatch.setattr(index_class, "suggest_titles", counting_suggest)
    return calls


@pytest.fixture
def two_sites(db):
    site_a, home_a = make_site(A, "Thị xã Hương Trà")
    site_b, home_b = make_site(B, "Xã Bình Tiến", default=False)
    news_a, news_b = make_category(home_a, "Tin tức"), make_category(home_b, "Tin xã")
    for number in range(3):
        make_article(news_a, title=f"Hội nghị bình đẳng giới lần {number + 1}")
    make_article(news_b, title="Bình đẳng giới ở xã")
    return site_a, site_b, news_a, news_b


def titles(response):
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [" ".join(a.get_text().split()) for a in page.select(".search-results h2 a")]


@pytest.mark.django_db
def test_a_repeated_search_is_answered_without_searching_again(client, two_sites, engine_searches):
    first = titles(client.get("/tim-kiem/", {"q": "binh dang gioi"}, HTTP_HOST=A))
    assert len(first) == 3 and engine_searches
    engine_searches.clear()
    # The same search written differently (spaces, a parameter the search does not read) is the same answer.
    again = titles(client.get("/tim-kiem/", {"q": "  binh   dang gioi ", "utm_source": "zalo"}, HTTP_HOST=A))
    assert again == first
    assert engine_searches == []
    # Another filter is another answer.
    titles(client.get("/tim-kiem/", {"q": "binh dang gioi", "sap_xep": "moi-nhat"}, HTTP_HOST=A))
    assert engine_searches


@pytest.mark.django_db
def test_an_edit_shows_at_once_and_leaves_the_other_sites_answers_warm(client, two_sites, engine_searches):
    _, _, news_a, _ = two_sites
    for host in (A, B):
        titles(client.get("/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=host))
        client.get("/api/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=host)
    engine_searches.clear()

    make_article(news_a, title="Tuyên truyền bình đẳng giới mới nhất")
    index_sync.apply_pending()  # what the commit does (tests/search/commits.py)

    assert "Tuyên truyền bình đẳng giới mới nhất" in titles(
        client.get("/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=A)
    )
    api = client.get("/api/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=A).json()
    assert api["total"] == 4
    assert {site for _, site in engine_searches} == {two_sites[0].pk}
    engine_searches.clear()
    assert titles(client.get("/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=B)) == ["Bình đẳng giới ở xã"]
    assert client.get("/api/tim-kiem/", {"q": "bình đẳng giới"}, HTTP_HOST=B).json()["total"] == 1
    assert engine_searches == []


@pytest.mark.django_db
def test_an_answer_made_before_the_index_caught_up_is_not_kept(
    client, two_sites, search_follows_uncommitted_test_writes
):
    """The index applies a change just after its commit, or later (the worker): an answer made in between, under
    the content's new generation, must not outlive the index's update."""
    _, _, news_a, _ = two_sites
    search_follows_uncommitted_test_writes.pause()
    make_article(news_a, title="Hội nghị tổng kết năm")
    assert "Hội nghị tổng kết năm" not in titles(client.get("/tim-kiem/", {"q": "hội nghị"}, HTTP_HOST=A))
    index_sync.apply_pending()
    assert "Hội nghị tổng kết năm" in titles(client.get("/tim-kiem/", {"q": "hội nghị"}, HTTP_HOST=A))


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["unpublish", "move"])
def test_an_answer_listing_a_document_that_left_the_site_is_not_kept(
    client, two_sites, search_follows_uncommitted_test_writes, change
):
    """A document unpublished, or moved to another site, leaves its old site's answers when the index applies it,
    however late (the worker): the count as well as the list."""
    _, _, news_a, news_b = two_sites
    assert client.get("/api/tim-kiem/", {"q": "hội nghị"}, HTTP_HOST=A).json()["total"] == 3
    search_follows_uncommitted_test_writes.pause()
    leaving = news_a.get_children().first().specific
    if change == "unpublish":
        leaving.unpublish()
    else:
        leaving.move(news_b, pos="last-child")
    # Asked before the index caught up: still counted there.
    assert client.get("/api/tim-kiem/", {"q": "hội nghị"}, HTTP_HOST=A).json()["total"] == 3
    index_sync.apply_pending()
    answer = client.get("/api/tim-kiem/", {"q": "hội nghị"}, HTTP_HOST=A).json()
    assert answer["total"] == 2 and len(answer["results"]) == 2


@pytest.mark.django_db
def test_pagination_links_carry_the_search_and_nothing_else(client, two_sites, settings):
    settings.PORTAL_PAGE_SIZE = 2
    params = {"q": "hoi nghi", "sap_xep": "moi-nhat", "chuyen_muc": "abc", "utm_source": "<x>"}
    page = BeautifulSoup(client.get("/tim-kiem/", params, HTTP_HOST=A).content, "html.parser")
    assert page.select_one('.pagination a[rel="next"]')["href"] == "?q=hoi+nghi&sap_xep=moi-nhat&page=2"
    second = BeautifulSoup(client.get("/tim-kiem/", {**params, "page": "2"}, HTTP_HOST=A).content, "html.parser")
    assert len(second.select(".search-results li")) == 1
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "?q=hoi+nghi&sap_xep=moi-nhat&page=1"


@pytest.mark.django_db
def test_the_truncation_note_belongs_to_each_request(client, two_sites):
    long_query = "bình đẳng giới " + "rất " * 80
    assert "query-truncated" in client.get("/tim-kiem/", {"q": long_query}, HTTP_HOST=A).content.decode()
    cut = client.get("/api/tim-kiem/", {"q": long_query}, HTTP_HOST=A).json()
    assert cut["query_truncated"] is True
    same_words = client.get("/api/tim-kiem/", {"q": cut["query"]}, HTTP_HOST=A).json()
    assert same_words["query_truncated"] is False
    assert same_words["results"] == cut["results"]
    page = client.get("/tim-kiem/", {"q": cut["query"]}, HTTP_HOST=A).content.decode()
    assert "query-truncated" not in page


@pytest.mark.django_db
def test_suggestions_are_remembered_by_what_the_index_reads(client, two_sites, engine_searches):
    first = client.get("/api/goi-y/", {"q": "Bình Đẳng"}, HTTP_HOST=A).json()
    assert len(first["suggestions"]) == 3
    engine_searches.clear()
    again = client.get("/api/goi-y/", {"q": "binh dang"}, HTTP_HOST=A).json()
    assert again["query"] == "binh dang" and again["suggestions"] == first["suggestions"]
    assert engine_searches == []
    assert len(client.get("/api/goi-y/", {"q": "binh dang"}, HTTP_HOST=B).json()["suggestions"]) == 1


@pytest.mark.django_db
def test_page_numbers_nobody_pages_to_are_answered_but_not_remembered(client, two_sites, engine_searches):
    for _ in range(2):
        for page in ("0", "-5", "999999", "9" * 400):
            assert len(titles(client.get("/tim-kiem/", {"q": "hội nghị", "page": page}, HTTP_HOST=A))) == 3
    assert len(engine_searches) == 8
