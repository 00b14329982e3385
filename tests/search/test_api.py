"""The JSON search API and the title suggestions behind the search box."""

import pytest

from tests.factories import local_dt, make_article


@pytest.fixture
def articles(site_tree):
    _, _, news = site_tree
    make_article(
        news, title="Tập huấn bình đẳng giới", lead="Lồng ghép giới", published_at=local_dt(2022, 12, 15, 23, 30)
    )
    make_article(news, title="Bình Định đón khách", published_at=local_dt(2023, 1, 5))
    return news


@pytest.mark.django_db
def test_search_api_returns_ranked_results(client, articles):
    data = client.get("/api/tim-kiem/", {"q": "binh dang gioi"}).json()
    assert data["suggestion"] == "bình đẳng giới"
    assert data["query_truncated"] is False
    assert data["total"] == 2 and data["page"] == 1 and data["num_pages"] == 1
    first = data["results"][0]
    assert first["title"] == "Tập huấn bình đẳng giới"
    assert first["url"].startswith("http://") and first["url"].endswith("/tap-huan-binh-dang-gioi/")
    assert first["published_at"] == "2022-12-15T23:30:00+07:00"
    assert first["category"] == "Tin tức - Sự kiện"
    assert first["lead"] == "Lồng ghép giới"
    assert "<mark>giới</mark>" in first["snippet_html"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "total"),
    [({}, 0), ({"q": ""}, 0), ({"q": '"*('}, 0), ({"q": "bình", "page": "abc", "tu_ngay": "bad"}, 2)],
)
def test_search_api_never_fails(client, articles, params, total):
    response = client.get("/api/tim-kiem/", params)
    assert response.status_code == 200
    assert response.json()["total"] == total


@pytest.mark.django_db
def test_search_api_rejects_other_methods(client, articles):
    assert client.post("/api/tim-kiem/", {"q": "x"}).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "expected"), [("binh d", ["Bình Định đón khách", "Tập huấn bình đẳng giới"])])
def test_suggestions_complete_the_last_word_without_accents(client, articles, typed, expected):
    data = client.get("/api/goi-y/", {"q": typed}).json()
    assert sorted(item["title"] for item in data["suggestions"]) == expected
    assert client.get("/api/goi-y/", {"q": "tap huan binh dan"}).json()["suggestions"][0]["title"] == (
        "Tập huấn bình đẳng giới"
    )
    assert client.get("/api/goi-y/", {"q": ""}).json()["suggestions"] == []
