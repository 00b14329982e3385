"""Category and home listings, feeds, sitemap and robots.txt."""

from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.factories import local_dt, make_article, make_category


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def category_with_articles(site_tree, settings):
    settings.PORTAL_PAGE_SIZE = 3
    site, home, category = site_tree
    for day in range(1, 8):
        make_article(category, title=f"Tin ngày {day}", published_at=local_dt(2022, 12, day))
    return site, home, category


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "expected"), [(None, 7), ("2", 4), ("abc", 7), ("99999", 1), ("-1", 1), ("0", 1)])
def test_category_pagination_never_fails(client, category_with_articles, page, expected):
    *_, category = category_with_articles
    params = {"page": page} if page else {}
    first_title = soup_of(client.get(category.url, params)).select_one(".article-list a").get_text(strip=True)
    assert first_title == f"Tin ngày {expected}"


@pytest.mark.django_db
def test_nested_category_lists_its_own_and_subcategory_articles(client, site_tree):
    _, _, category = site_tree
    sub = make_category(category, "Tin phường xã")
    make_article(sub, title="Tin của phường")
    page = soup_of(client.get(category.url))
    assert "Tin của phường" in page.select_one(".article-list").get_text()
    assert page.select_one(".subcategories a")["href"] == sub.url


@pytest.mark.django_db
def test_home_shows_featured_and_latest_per_category(client, site_tree):
    _, home, category = site_tree
    culture = make_category(home, "Văn hóa")
    make_article(category, title="Tin nổi bật nhất", featured=True)
    make_article(culture, title="Lễ hội mùa xuân")
    page = soup_of(client.get("/"))
    assert "Tin nổi bật nhất" in page.select_one(".featured").get_text()
    sections = {s.h2.get_text(strip=True): s.get_text() for s in page.select(".category-section")}
    assert "Lễ hội mùa xuân" in sections["Văn hóa"]
    assert [a.get_text(strip=True) for a in page.select(".main-menu a")] == ["Tin tức - Sự kiện", "Văn hóa"]


@pytest.mark.django_db
def test_rss_for_site_and_category(client, category_with_articles):
    _, home, category = category_with_articles
    for url in ("/rss/", category.url + "rss/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ElementTree.fromstring(response.content).find("channel")
        assert channel.find("item/title").text == "Tin ngày 7"
        assert channel.find("language").text == "vi"


@pytest.mark.django_db
def test_sitemap_lists_articles_and_robots_points_to_it(client, category_with_articles):
    *_, category = category_with_articles
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert category.url.encode() in sitemap.content
    assert f"{category.url}tin-ngay-7/".encode() in sitemap.content
    assert b"<lastmod>2022-12-07</lastmod>" in sitemap.content
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots  # the Site record, not the Host header


@pytest.mark.django_db
def test_search_page_is_noindex_and_handles_empty_query(client, site_tree):
    response = client.get("/tim-kiem/", {"q": "   "})
    assert response.status_code == 200
    assert 'content="noindex' in response.content.decode()


@pytest.mark.django_db
def test_restricted_category_lists_its_articles_to_readers_allowed_in(client, site_tree, django_user_model):
    from wagtail.models import PageViewRestriction

    _, _, category = site_tree
    make_article(category, title="Văn bản nội bộ")
    PageViewRestriction.objects.create(page=category, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(category.url).status_code == 302  # anonymous readers are sent to log in
    assert "Văn bản nội bộ" not in client.get("/").content.decode()  # and never see it on the home page
    client.force_login(django_user_model.objects.create_user("canbo", password="mat-khau-thu-nghiem"))
    page = soup_of(client.get(category.url))
    assert "Văn bản nội bộ" in page.select_one(".article-list").get_text()
