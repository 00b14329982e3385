"""The home page's featured news and sections, and a category's list and pagination, are cached fragments keyed by
the site's content generation (and a category's normalised page number): a warm page reads no listing row, an edit
on the site shows at once, an edit on another site leaves them warm, and ?page= garbage adds no fragment."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.delivery import generations
from tests.factories import local_dt, make_article, make_category, make_site

A, B = "huongtra.example.vn", "binhtien.example.vn"
ARTICLE_TABLE = "news_articlepage"


@pytest.fixture
def two_sites(db, settings):
    settings.PORTAL_PAGE_SIZE = 3
    _, home_a = make_site(A, "Thị xã Hương Trà")
    _, home_b = make_site(B, "Xã Bình Tiến", default=False)
    category_a = make_category(home_a, "Tin tức - Sự kiện")
    make_category(category_a, "Tin phường xã")
    for day in range(1, 8):
        make_article(category_a, title=f"Tin ngày {day}", published_at=local_dt(2022, 12, day), featured=day == 7)
    category_b = make_category(home_b, "Tin xã")
    make_article(category_b, title="Tin của xã")
    return home_a, category_a, category_b


def get(client, url, host=A, **params):
    response = client.get(url, params, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def listing_queries(client, url, host=A, **params):
    """The page, and the queries of its render that read articles or categories."""
    with CaptureQueriesContext(connection) as queries:
        page = get(client, url, host, **params)
    return page, [q["sql"] for q in queries if ARTICLE_TABLE in q["sql"] or "news_categorypage" in q["sql"]]


def warm(client, *urls):
    for _ in range(2):
        for url in urls:
            get(client, url)


@pytest.mark.django_db
def test_a_warm_home_and_category_page_read_no_listing(client, two_sites):
    home_a, category_a, _ = two_sites
    _, cold_home = listing_queries(client, "/")
    _, cold_category = listing_queries(client, category_a.url)
    assert cold_home and cold_category  # the first render reads them
    warm(client, "/", category_a.url)
    home, queries = listing_queries(client, "/")
    assert queries == [] and "Tin ngày 7" in home
    category, queries = listing_queries(client, category_a.url)
    assert queries == [] and "Tin ngày 7" in category and "Tin phường xã" in category and "Trang 1 / 3" in category


@pytest.mark.django_db
def test_a_new_article_shows_at_once_on_both_pages(client, two_sites):
    _, category_a, _ = two_sites
    warm(client, "/", category_a.url)
    make_article(category_a, title="Tin vừa đăng", published_at=local_dt(2022, 12, 9), featured=True)
    assert "Tin vừa đăng" in get(client, "/")
    page = get(client, category_a.url)
    assert "Tin vừa đăng" in page and "Trang 1 / 3" in page
    second = get(client, category_a.url, page="2")  # every page moved by one
    assert "Tin ngày 5" in second and "Tin ngày 6" not in second


@pytest.mark.django_db
def test_an_unpublished_article_leaves_both_pages_at_once(client, two_sites):
    home_a, category_a, _ = two_sites
    warm(client, "/", category_a.url)
    newest = category_a.get_children().live().specific().get(title="Tin ngày 7")
    newest.unpublish()
    assert "Tin ngày 7" not in get(client, "/")
    assert "Tin ngày 7" not in get(client, category_a.url)


@pytest.mark.django_db
def test_an_edit_on_another_site_leaves_them_warm(client, two_sites):
    _, category_a, category_b = two_sites
    warm(client, "/", category_a.url)
    make_article(category_b, title="Tin mới của xã")
    assert "Tin mới của xã" in get(client, category_b.url, host=B)
    assert listing_queries(client, "/")[1] == []
    assert listing_queries(client, category_a.url)[1] == []


@pytest.mark.django_db
def test_page_garbage_is_normalised_before_it_keys_a_fragment(client, two_sites):
    _, category_a, _ = two_sites
    warm(client, category_a.url + "?page=1", category_a.url + "?page=3")
    first = get(client, category_a.url, page="1")
    cached = len(cache._cache)
    for garbage in ("abc", "abc1", "abc2", "1.0", ""):
        page, queries = listing_queries(client, category_a.url, page=garbage)
        assert queries == [] and page == first, garbage  # ?page=abc is page 1: the same fragment
    last = get(client, category_a.url, page="3")
    for beyond in ("99999", "0", "-1", "501"):
        page, queries = listing_queries(client, category_a.url, page=beyond)
        assert queries == [] and page == last, beyond  # Paginator.get_page: the last page
    assert len(cache._cache) == cached  # a scanner adds no entry


@pytest.mark.django_db
def test_pagination_links_carry_nothing_from_the_request(client, two_sites):
    _, category_a, _ = two_sites
    page = get(client, category_a.url, page="2", utm_source="zalo")
    assert 'href="?page=1"' in page and 'href="?page=3"' in page and "zalo" not in page.split('class="pagination"')[1]
    assert "zalo" not in get(client, category_a.url, page="2").split('class="pagination"')[1]


@pytest.mark.django_db
def test_without_the_fragment_cache_everything_is_rendered(client, two_sites, settings):
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    _, category_a, _ = two_sites
    warm(client, "/", category_a.url)
    assert listing_queries(client, "/")[1] and listing_queries(client, category_a.url, page="abc")[1]
    assert "Tin ngày 1" in get(client, category_a.url, page="99999")
    assert not generations.current()[0]
