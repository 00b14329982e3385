"""RSS and every other absolute address come from the Site record, never from the request's Host header.

nginx's micro-cache keeps one answer per host name and URL for everyone: an answer built from a forged Host (or
port) would be served to every reader who asks after it.
"""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

FORGED_HOST = "localhost:6666"  # the Site record is localhost, port 80


@pytest.fixture
def article(site_tree):
    _, _, category = site_tree
    return make_article(
        category,
        title="Tập huấn bình đẳng giới",
        lead='<img src=x onerror="alert(1)">Tập huấn <b>bình đẳng giới</b> & phòng chống bạo lực',
    )


def feed_items(response):
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_feed_links_come_from_the_site_record_whatever_the_host_says(client, site_tree, article):
    _, home, category = site_tree
    for listing in (home, category):
        response = client.get(listing.url + "rss/", HTTP_HOST=FORGED_HOST)
        assert response.status_code == 200
        assert b"6666" not in response.content
        channel, items = feed_items(response)
        assert channel.findtext("link") == f"http://localhost{listing.url}"
        assert items[0].findtext("link") == f"http://localhost{article.url}"
        assert items[0].findtext("guid") == f"http://localhost{article.url}"


def test_feed_descriptions_are_plain_text(client, site_tree, article):
    _, home, _ = site_tree
    _, items = feed_items(client.get(home.url + "rss/"))
    # What a feed reader reads as the description: text only, no markup it would render.
    assert items[0].findtext("description") == "Tập huấn bình đẳng giới & phòng chống bạo lực"


def test_search_api_urls_come_from_the_site_record(client, article):
    data = client.get("/api/tim-kiem/", {"q": "binh dang gioi"}, HTTP_HOST=FORGED_HOST).json()
    assert data["total"] == 1
    assert data["results"][0]["url"] == f"http://localhost{article.url}"


def test_robots_txt_names_the_sitemap_of_the_site_record(client, site_tree):
    response = client.get("/robots.txt", HTTP_HOST=FORGED_HOST)
    assert "Sitemap: http://localhost/sitemap.xml" in response.content.decode()
    assert b"6666" not in response.content


def test_sitemap_and_pages_carry_no_forged_port(client, site_tree, article):
    for url in ("/sitemap.xml", article.url):
        response = client.get(url, HTTP_HOST=FORGED_HOST)
        assert response.status_code == 200 and b"6666" not in response.content, url
