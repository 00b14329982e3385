"""Each site has its own content generation: an edit on one site leaves every other site's fragments and remembered
lookups warm, and shows at once on its own."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from portal.core.models import SiteSettings
from portal.delivery import generations
from portal.search import index_sync
from tests.factories import make_article, make_category, make_site

A, B = "huongtra.example.vn", "binhtien.example.vn"
SETTLE_MARK = generations.bumped_at_key("")


@pytest.fixture
def two_sites(db):
    site_a, home_a = make_site(A, "Thị xã Hương Trà")
    site_b, home_b = make_site(B, "Xã Bình Tiến", default=False)
    article_a = make_article(make_category(home_a, "Tin tức - Sự kiện"), title="Tin của thị xã", lead="Bản đầu.")
    article_b = make_article(make_category(home_b, "Tin xã"), title="Tin của xã")
    for site in (site_a, site_b):
        SiteSettings.for_site(site)
    return site_a, site_b, article_a, article_b


@pytest.fixture
def cache_misses(monkeypatch):
    """Counts the keys read from every cache (fragments, generations) and not found. A scope's "bumped at" mark is
    absent by design outside its settle window, so its absence is no miss."""
    misses = []
    for alias in ("default", "site_fragments"):
        cache = caches[alias]
        get, get_many = cache.get, cache.get_many
        many = []  # set while get_many runs: a local-memory cache's get_many calls get for each key

        def counting_get(key, default=None, version=None, get=get, alias=alias, many=many):
            value = get(key, default, version=version)
            if value is default and not many and not key.startswith(SETTLE_MARK):
                misses.append((alias, key))
            return value

        def counting_get_many(keys, version=None, get_many=get_many, alias=alias, many=many):
            many.append(1)
            try:
                found = get_many(keys, version=version)
            finally:
                many.pop()
            misses.extend((alias, key) for key in keys if key not in found and not key.startswith(SETTLE_MARK))
            return found

        monkeypatch.setattr(cache, "get", counting_get)
        monkeypatch.setattr(cache, "get_many", counting_get_many)
    return misses


def render(client, host, url):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, *pages):
    for _ in range(3):
        for host, page in pages:
            render(client, host, page.url)


def b_render_cost(client, article_b, cache_misses):
    cache_misses.clear()
    with CaptureQueriesContext(connection) as queries:
        render(client, B, article_b.url)
    return len(queries), list(cache_misses)


@pytest.mark.django_db
@pytest.mark.parametrize("edit", ["article", "settings", "image", "restriction"])
def test_an_edit_on_one_site_leaves_the_other_warm(client, two_sites, cache_misses, edit):
    site_a, _, article_a, article_b = two_sites
    warm(client, (A, article_a), (B, article_b))
    warm_queries, warm_misses = b_render_cost(client, article_b, cache_misses)
    assert warm_misses == []

    if edit == "article":
        article_a.lead = "Bản sửa."
        article_a.save_revision().publish()
    elif edit == "settings":
        settings_a = SiteSettings.for_site(site_a)
        settings_a.agency_name = "UBND thị xã đã đổi tên"
        settings_a.save()
    elif edit == "image":
        logo = get_image_model().objects.create(title="Logo", file=get_test_image_file())
        settings_a = SiteSettings.for_site(site_a)
        settings_a.logo = logo
        settings_a.save()
        logo.title = "Logo mới"
        logo.save()
    else:
        PageViewRestriction.objects.create(page=article_a, restriction_type=PageViewRestriction.LOGIN)
    index_sync.apply_pending()  # the search index's work at commit (tests/search/commits.py): not B's request

    queries, misses = b_render_cost(client, article_b, cache_misses)
    if edit == "restriction":
        # The list of restricted pages is installation-wide: read again, once; every fragment stays.
        assert queries <= warm_queries + 2 and not [miss for miss in misses if miss[0] == "site_fragments"]
    else:
        assert (queries, misses) == (warm_queries, [])

    a_page = client.get(article_a.url, HTTP_HOST=A)
    if edit == "article":
        assert "Bản sửa." in a_page.content.decode()
    elif edit == "settings":
        assert "UBND thị xã đã đổi tên" in a_page.content.decode()
    elif edit == "restriction":
        assert a_page.status_code == 302


def generation_of(site):
    return generations.current(generations.site_scope(site.pk))[0]


@pytest.mark.django_db
def test_a_move_between_sites_moves_both_and_no_other(two_sites):
    site_a, site_b, article_a, _ = two_sites
    site_c, home_c = make_site("phuongson.example.vn", "Xã Phương Sơn", default=False)
    before = {site.pk: generation_of(site) for site in (site_a, site_b, site_c)}
    article_a.move(site_b.root_page.get_children().first(), pos="last-child")
    after = {site.pk: generation_of(site) for site in (site_a, site_b, site_c)}
    assert after[site_a.pk] != before[site_a.pk] and after[site_b.pk] != before[site_b.pk]
    assert after[site_c.pk] == before[site_c.pk]


@pytest.mark.django_db
def test_a_new_site_moves_every_site(two_sites):
    site_a, site_b, _, _ = two_sites
    before = [generation_of(site_a), generation_of(site_b)]
    make_site("phuongson.example.vn", "Xã Phương Sơn", default=False)
    assert [generation_of(site_a), generation_of(site_b)] != before
    assert all(now[0] != then[0] for now, then in zip([generation_of(site_a), generation_of(site_b)], before))
