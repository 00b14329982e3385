"""Site settings are created with their site: reading them, as every public page does, never writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import SiteSettings
from portal.search import index_sync
from tests.factories import make_article, make_category, make_site

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_during(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_a_new_site_has_its_settings_and_its_pages_write_nothing(client):
    site, home = make_site(hostname="xa-moi.example.gov.vn", title="Xã Mới")
    assert SiteSettings.objects.filter(site=site).exists()
    article = make_article(make_category(home), title="Tin đầu tiên của xã")
    index_sync.apply_pending()  # what the commit would do (tests/search/commits.py would, inside the request)
    for url in ("/", home.url + "rss/", article.url, "/tim-kiem/?q=tin", "/robots.txt"):
        response = None

        def get(url=url):
            nonlocal response
            response = client.get(url, HTTP_HOST="xa-moi.example.gov.vn")

        assert writes_during(get) == [], url
        assert response.status_code == 200, url


def test_a_site_whose_settings_row_is_gone_shows_the_defaults_without_writing(client):
    site, home = make_site()
    SiteSettings.objects.filter(site=site).delete()
    assert writes_during(lambda: client.get("/")) == []
    assert not SiteSettings.objects.filter(site=site).exists()
    assert SiteSettings.for_site(site).agency_name == ""
