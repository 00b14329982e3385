"""Xem tin theo ngày: local days, empty days, bad dates, pagination."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import local_dt, make_article


def titles(response):
    return [a.get_text(strip=True) for a in BeautifulSoup(response.content, "html.parser").select(".article-list a")]


@pytest.mark.django_db
def test_article_published_late_evening_is_listed_on_its_local_day(client, site_tree):
    _, _, category = site_tree
    make_article(category, title="Tin 23 giờ 30", published_at=local_dt(2022, 12, 15, 23, 30))  # 16:30 UTC
    make_article(category, title="Tin nửa đêm", published_at=local_dt(2022, 12, 16, 0, 10))  # 15/12 17:10 UTC
    assert titles(client.get("/ngay/2022/12/15/")) == ["Tin 23 giờ 30"]
    assert titles(client.get("/ngay/2022/12/16/")) == ["Tin nửa đêm"]


@pytest.mark.django_db
def test_empty_day_says_so(client, site_tree):
    response = client.get("/ngay/2021/01/01/")
    assert response.status_code == 200
    assert "Không có tin bài nào được đăng ngày 01/01/2021" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/ngay/2022/02/30/", "/ngay/2022/13/01/", "/ngay/0000/01/01/", "/ngay/abcd/01/01/", "/ngay/2022/1/"]
)
def test_impossible_or_malformed_dates_are_404(client, site_tree, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2022-12-15", "15/12/2022"])
def test_date_picker_redirects_to_the_day(client, site_tree, value):
    response = client.get("/ngay/", {"ngay": value})
    assert response.status_code == 302
    assert response["Location"] == "/ngay/2022/12/15/"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "abc", "2022-02-30", "99999-01-01", "2022-12-15x", "\x00"])
def test_date_picker_rejects_bad_input_with_404(client, site_tree, value):
    assert client.get("/ngay/", {"ngay": value}).status_code == 404


@pytest.mark.django_db
def test_control_characters_are_removed_before_the_date_is_read(client, site_tree):
    # Text is cleaned where it enters (portal/core/middleware.py): what is left is an ordinary date.
    response = client.get("/ngay/", {"ngay": "2022-12-15\x00"})
    assert response.status_code == 302 and response["Location"] == "/ngay/2022/12/15/"


@pytest.mark.django_db
def test_day_page_is_paginated_and_noindex(client, site_tree, settings):
    settings.PORTAL_PAGE_SIZE = 2
    _, _, category = site_tree
    for hour in range(1, 6):
        make_article(category, title=f"Tin lúc {hour} giờ", published_at=local_dt(2022, 12, 15, hour))
    first = client.get("/ngay/2022/12/15/")
    assert titles(first) == ["Tin lúc 5 giờ", "Tin lúc 4 giờ"]
    assert titles(client.get("/ngay/2022/12/15/", {"page": 3})) == ["Tin lúc 1 giờ"]
    assert titles(client.get("/ngay/2022/12/15/", {"page": "abc"})) == titles(first)
    assert 'content="noindex' in first.content.decode()
