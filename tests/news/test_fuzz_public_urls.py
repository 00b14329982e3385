"""Property: no public URL answers 5xx, whatever the query string or the last path segment."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.core.models import StandardPage
from tests.factories import make_article

PARAMS = ["q", "page", "ngay", "chuyen_muc", "tu_ngay", "den_ngay", "sap_xep", "x"]
values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(str),
    st.sampled_from(["", "0", "-1", "abc", "2022-02-30", "99999-01-01", "moi-nhat", "%", "'", '"']),
)


@pytest.fixture
def public_paths(site_tree):
    _, home, category = site_tree
    article = make_article(category, title="Bình đẳng giới")
    policy = home.add_child(instance=StandardPage(title="Chính sách bảo mật", slug="chinh-sach-bao-mat"))
    return [
        policy.url,
        "/ngay/2022/12/",
        "/ngay/2022/",
        "/api/thong-ke/",
        "/admin/login/",
        "/documents/1/bao-cao.pdf",
        "/",
        category.url,
        article.url,
        article.url + "luu/",
        "/ngay/2022/12/15/",
        "/ngay/",
        "/rss/",
        category.url + "rss/",
        "/tim-kiem/",
        "/api/tim-kiem/",
        "/api/goi-y/",
        "/sitemap.xml",
        "/robots.txt",
    ]


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_server_error_for_any_query_string(client, public_paths, data):
    path = data.draw(st.sampled_from(public_paths))
    query = data.draw(st.dictionaries(st.sampled_from(PARAMS), values, max_size=4))
    response = client.get(path, query)
    assert response.status_code < 500, (path, query)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#"), min_size=1, max_size=30))
def test_no_server_error_for_any_path_segment(client, public_paths, segment):
    for base in ("/", "/ngay/", "/tin-tuc-su-kien/"):
        assert client.get(base + segment + "/").status_code < 500, segment


@pytest.mark.django_db
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
    kind=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]),
)
def test_no_server_error_for_any_beacon_body(client, public_paths, body, kind):
    assert client.post("/api/thong-ke/", body, content_type=kind, HTTP_USER_AGENT="Mozilla/5.0").status_code < 500
