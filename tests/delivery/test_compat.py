"""One test per assumption portal/delivery/compat.py makes about Wagtail's and Django's private parts: an upgrade
that changes one fails here, by name, rather than somewhere in a page."""

import inspect

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from portal.delivery import compat
from portal.news.models import ArticlePage
from tests.factories import make_article


@pytest.fixture
def request_for():
    def build(host="localhost"):
        return RequestFactory().get("/", HTTP_HOST=host)

    return build


@pytest.mark.django_db
def test_1_find_for_request_answers_what_is_kept_on_the_request(request_for, site_tree):
    assert "_wagtail_site" in inspect.getsource(Site.find_for_request)
    request = request_for()
    assert not compat.has_site(request)
    kept = Site(hostname="kept.example.vn")
    compat.keep_site(request, kept)
    assert compat.has_site(request)
    assert Site.find_for_request(request) is kept
    assert compat.site_found_for(request) is kept


@pytest.mark.django_db
def test_2_the_uncached_lookup_matches_host_names(request_for, site_tree):
    site, _, _ = site_tree
    assert compat.find_site(request_for("localhost")) == site
    assert not compat.has_site(request_for("localhost"))  # it keeps nothing on the request


@pytest.mark.django_db
def test_3_the_serve_view_serves_the_route_kept_on_the_request(request_for, site_tree):
    assert "route_for_request" in inspect.getsource(wagtail_views.serve)
    request = request_for()
    assert not compat.has_route(request)
    kept = object()
    compat.keep_route(request, kept)
    assert compat.has_route(request)
    assert Page.route_for_request(request, "/any/") is kept


@pytest.mark.django_db
def test_4_page_urls_are_built_from_the_root_paths_kept_on_the_request(request_for, site_tree):
    _, home, _ = site_tree
    request = request_for()
    kept = list(Site.get_site_root_paths())
    compat.keep_site_root_paths(request, kept)
    assert home._get_site_root_paths(request) is kept


def test_5_the_raw_host_is_the_host_header(request_for):
    assert compat.host_name(request_for("xa-binh-tien.example.vn:8000")) == "xa-binh-tien.example.vn"


@pytest.mark.django_db
def test_6_a_compiled_query_reads_a_row_as_the_orm_does(site_tree):
    _, _, category = site_tree
    article = make_article(category, title="Bài đọc qua câu lệnh đã dịch")
    queryset = ArticlePage.objects.filter(pk=article.pk).order_by()
    sql, params, converters = compat.compile_query(queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = compat.convert_row(cursor.fetchone(), converters, connection)
    read = ArticlePage.from_db("default", [field.attname for field in ArticlePage._meta.concrete_fields], values)
    stored = queryset.get()
    for field in ArticlePage._meta.concrete_fields:
        if field.name != "body":  # blocks stored without ids get new ones at every read
            assert getattr(read, field.attname) == getattr(stored, field.attname), field.name


class _Marker:
    def __call__(self):
        pass


@pytest.mark.django_db(transaction=True)
def test_7_pending_on_commit_callbacks_can_be_found():
    with transaction.atomic():
        assert compat.pending_on_commit(connection, _Marker) is None
        marker = _Marker()
        transaction.on_commit(marker)
        assert compat.pending_on_commit(connection, _Marker) is marker


@pytest.mark.django_db
def test_8_a_loaded_relation_is_read_without_a_query(site_tree):
    site, home, _ = site_tree
    loaded = Site.objects.select_related("root_page").get(pk=site.pk)
    assert compat.loaded_relations(loaded)["root_page"].pk == home.pk
    fresh = Site.objects.get(pk=site.pk)
    compat.set_loaded_relation(fresh, "root_page", home)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.root_page is home
    assert len(queries) == 0


def test_9_routable_pages_keep_their_resolved_sub_route_on_the_request():
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    assert "request.routable_resolver_match = " in inspect.getsource(RoutablePageMixin.route)
    request = RequestFactory().get("/")
    compat.keep_routable_match(request, ("view", (), {}))
    assert request.routable_resolver_match == ("view", (), {})


@pytest.mark.django_db
def test_10_child_paths_are_the_ones_add_child_gives(site_tree):
    _, home, category = site_tree
    second = category.add_child(instance=ArticlePage(title="Tin thứ hai", slug="tin-thu-hai"))
    third = category.add_child(instance=ArticlePage(title="Tin thứ ba", slug="tin-thu-ba"))
    assert compat.child_step(second.path) == 1 and compat.child_step(third.path) == 2
    assert compat.child_path(category.path, category.depth + 1, 2) == third.path
    page = ArticlePage(title="Tin mới", depth=category.depth + 1)
    page.path = compat.child_path(category.path, page.depth, 3)
    compat.set_parent(page, category)
    with CaptureQueriesContext(connection) as queries:
        assert page.get_parent() is category  # treebeard answers from it
    assert len(queries) == 0
