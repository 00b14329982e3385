"""No public URL answers 500, whatever the query string; bad dates and pages get a Vietnamese 404."""

import pytest

from tests.factories import make_article

NASTY = [
    "",
    " ",
    '"',
    "'",
    "%",
    "_",
    "\\",
    "*",
    "dân*",
    "(",
    "a OR b",
    "NEAR(a b)",
    "'; DROP TABLE wagtailcore_page; --",
    "\x00",
    "\x1f\x7f",
    "😀🇻🇳",
    "ủy" * 5000,
    "a " * 5000,
    "\u0301\u0323",
    "<script>alert(1)</script>",
]


@pytest.fixture
def pages(site_tree):
    _, _, category = site_tree
    article = make_article(category, title="Bình đẳng giới")
    return ["/", category.url, article.url, article.url + "luu/", "/ngay/2022/12/15/", "/rss/", "/tim-kiem/", "/ngay/"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", NASTY)
def test_no_500_for_any_query_string(client, pages, value):
    for url in pages:
        for name in ("q", "page", "ngay"):
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, value)


@pytest.mark.django_db
def test_404_page_is_vietnamese(client, site_tree):
    response = client.get("/ngay/2022/02/30/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
