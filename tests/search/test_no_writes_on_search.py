"""A public search only reads: pending changes stay for the writer's on-commit work or the search worker."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import SiteSettings
from portal.search import index_sync
from portal.search.models import SearchChange
from tests.factories import make_article

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


@pytest.fixture
def pending_article(site_tree, monkeypatch):
    """An article committed while the index was busy: its change is pending, nobody has applied it."""
    site, _, category = site_tree
    SiteSettings.for_site(site)  # created here, not by the first page view (the settings are not search's to test)
    call_command("rebuild_search_index", stdout=StringIO(), verbosity=0)
    with monkeypatch.context() as patched:
        patched.setattr(index_sync, "apply_pending_quietly", lambda *args, **kwargs: 0)
        article = make_article(category, title="Lịch tiếp công dân tháng 12")
    assert SearchChange.objects.exists()
    return article


@pytest.mark.django_db(transaction=True)
def test_a_public_search_writes_nothing_and_takes_no_writer(client, pending_article, monkeypatch):
    index_class = type(index_sync.get_index())
    writers = []
    real_writer = index_class.writer
    monkeypatch.setattr(index_class, "writer", lambda self: writers.append(1) or real_writer(self))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tim-kiem/", {"q": "tiep cong dan"}).status_code == 200
        assert client.get("/api/tim-kiem/", {"q": "tiep cong dan"}).json()["total"] == 0
        assert client.get("/api/goi-y/", {"q": "lich tiep"}).json()["suggestions"] == []
    assert [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])] == []
    assert writers == []
    assert SearchChange.objects.exists()

    out = StringIO()
    call_command("search_worker", "--once", stdout=out)  # what the running worker does within half a second
    assert "Đã dừng." in out.getvalue()
    assert not SearchChange.objects.exists()
    assert client.get("/api/tim-kiem/", {"q": "tiep cong dan"}).json()["results"][0]["title"] == (
        "Lịch tiếp công dân tháng 12"
    )


@pytest.mark.django_db(transaction=True)
def test_readers_never_create_the_index(client, site_tree, settings):
    settings.PORTAL_SEARCH_BACKEND = "tantivy"
    index_sync.reset_process_index()
    assert client.get("/api/tim-kiem/", {"q": "tin"}).json()["total"] == 0
    assert not settings.PORTAL_SEARCH_INDEX_DIR.exists()


@pytest.mark.django_db
def test_views_work_on_the_in_memory_index(client, site_tree, settings):
    settings.PORTAL_SEARCH_BACKEND = "memory"
    index_sync.reset_process_index()
    _, _, category = site_tree
    make_article(category, title="Tập huấn bình đẳng giới")
    make_article(category, title="Đà Nẵng đón khách")
    data = client.get("/api/tim-kiem/", {"q": "binh dang gioi"}).json()
    assert [r["title"] for r in data["results"]] == ["Tập huấn bình đẳng giới"]
    assert data["suggestion"] == "bình đẳng giới"
    assert [s["title"] for s in client.get("/api/goi-y/", {"q": "da n"}).json()["suggestions"]] == ["Đà Nẵng đón khách"]
