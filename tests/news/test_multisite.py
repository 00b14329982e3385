"""Two unit sites on one installation see only their own content."""

import pytest
from bs4 import BeautifulSoup

from portal.core.models import SiteSettings
from tests.factories import local_dt, make_article, make_category, make_site


@pytest.fixture
def two_sites(db):
    site_a, home_a = make_site("huongtra.example.vn", "Thị xã Hương Trà")
    site_b, home_b = make_site("binhtien.example.vn", "Xã Bình Tiến", default=False)
    cat_a = make_category(home_a, "Tin tức - Sự kiện")
    cat_b = make_category(home_b, "Tin xã")
    make_article(cat_a, title="Tin của thị xã", published_at=local_dt(2022, 12, 15))
    make_article(cat_b, title="Tin của xã", published_at=local_dt(2022, 12, 15))
    for site, name in ((site_a, "UBND thị xã Hương Trà"), (site_b, "UBND xã Bình Tiến")):
        settings = SiteSettings.for_site(site)
        settings.agency_name = name
        settings.save()
    return site_a, site_b


def get(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_each_site_shows_its_own_articles_settings_menu_and_archive(client, two_sites):
    for host, own, other, agency, menu in (
        ("huongtra.example.vn", "Tin của thị xã", "Tin của xã", "UBND thị xã Hương Trà", ["Tin tức - Sự kiện"]),
        ("binhtien.example.vn", "Tin của xã", "Tin của thị xã", "UBND xã Bình Tiến", ["Tin xã"]),
    ):
        home = get(client, host, "/")
        assert own in home.get_text() and other not in home.get_text()
        assert home.select_one(".brand-name").get_text(strip=True) == agency
        assert [a.get_text(strip=True) for a in home.select(".main-menu a")] == menu
        day = get(client, host, "/ngay/2022/12/15/")
        assert [a.get_text(strip=True) for a in day.select(".article-list a")] == [own]
        assert own.encode() in client.get("/rss/", HTTP_HOST=host).content
        assert other.encode() not in client.get("/rss/", HTTP_HOST=host).content


@pytest.mark.django_db
def test_search_is_scoped_to_the_current_site(client, two_sites):
    results = get(client, "binhtien.example.vn", "/tim-kiem/?q=Tin+c%E1%BB%A7a")
    assert [" ".join(a.get_text().split()) for a in results.select(".search-results h2 a")] == ["Tin của xã"]
