"""Dates at the ends of the calendar (year 1, year 9999) get a 404 or are ignored, never a 500."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/ngay/9999/12/31/", "/ngay/0001/01/01/", "/ngay/1000/01/01/", "/ngay/?ngay=9999-12-31", "/ngay/?ngay=0001-01-01"],
)
def test_archive_days_out_of_range_are_404(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "phạm vi lưu trữ" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["q=a&tu_ngay=0001-01-01", "q=a&den_ngay=9999-12-31", "q=a&tu_ngay=9999-12-31&den_ngay=0001-01-01"],
)
def test_search_ignores_date_filters_out_of_range(client, site_tree, query):
    assert client.get(f"/tim-kiem/?{query}").status_code == 200
    assert client.get(f"/api/tim-kiem/?{query}").status_code == 200
