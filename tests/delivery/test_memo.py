"""What each process remembers per content generation (site, route, settings, view restrictions: portal/delivery/memo.py
and routing.py) never outlives a change: readers see moves, unpublishing, new restrictions and new settings at once,
and a page served from what is remembered is the page as of the last change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.core.models import SiteSettings
from portal.delivery import generations, memo, routing
from portal.news.models import ArticlePage
from tests.factories import make_article, make_category


def reading(queries, table):
    return [query["sql"] for query in queries if f'"{table}"' in query["sql"]]


@pytest.fixture
def article(site_tree):
    _, _, category = site_tree
    return make_article(category, title="Bài đang đọc", lead="Sapo bài đang đọc.")


@pytest.mark.django_db
def test_a_remembered_page_is_served_without_reading_the_tree(client, article):
    url = article.url
    # The first read of the site settings creates them (a change); then the route is remembered, then the page.
    for _ in range(3):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not reading(queries, "wagtailcore_site")  # the site of the host name is remembered
    assert not reading(queries, "wagtailcore_pageviewrestriction")  # and that no page is restricted
    assert not reading(queries, "core_sitesettings")
    assert not reading(queries, "wagtailcore_page")  # nor its parents, slug by slug, nor the article itself


@pytest.mark.django_db
def test_only_the_most_read_pages_are_kept(client, site_tree, article, settings):
    settings.PORTAL_MEMO_PAGES = 1
    _, _, category = site_tree
    urls = [article.url, make_article(category, title="Bài thứ hai").url]
    for url in urls * 2:
        client.get(url)
    for url in urls:  # each pushes the other out: its row is read again
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(reading(queries, "wagtailcore_page")) == 1
    assert len(memo._spaces["pages"]) == 1


@pytest.mark.django_db
def test_a_new_revision_is_served_through_the_remembered_route(client, article):
    assert "Sapo bài đang đọc." in client.get(article.url).content.decode()
    article.lead = "Sapo đã sửa."
    article.save_revision().publish()
    page = client.get(article.url).content.decode()
    assert "Sapo đã sửa." in page and "Sapo bài đang đọc." not in page


@pytest.mark.django_db
def test_unpublished_and_moved_pages_leave_their_remembered_urls(client, site_tree, article):
    _, home, _ = site_tree
    old_url = article.url
    assert client.get(old_url).status_code == 200
    other = make_category(home, "Văn hóa")
    article.move(other, pos="last-child")
    article.refresh_from_db()
    assert article.url != old_url
    assert client.get(article.url).status_code == 200
    assert client.get(old_url).status_code in (301, 302, 404)  # Wagtail's redirect to the new place, or gone
    article.unpublish()
    assert client.get(article.url).status_code == 404


@pytest.mark.django_db
def test_a_new_view_restriction_applies_to_the_next_request(client, site_tree, article):
    _, _, category = site_tree
    assert client.get(article.url).status_code == 200  # remembered: no page is restricted
    PageViewRestriction.objects.create(page=category, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert "Bài đang đọc" not in response.content.decode()


@pytest.mark.django_db
def test_changed_site_settings_are_shown_at_the_next_request(client, site_tree, article):
    site, _, _ = site_tree
    client.get(article.url)
    settings_row = SiteSettings.for_site(site)
    settings_row.agency_name = "UBND phường Hương Văn"
    settings_row.save()
    assert "UBND phường Hương Văn" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_the_page_read_once_compiled_is_the_page_the_orm_reads(article):
    stored = ArticlePage.objects.get(pk=article.pk)
    read = routing._read_live_page(ArticlePage, article.pk)
    for field in ArticlePage._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    # Blocks stored without ids get new ones at every read: compare what readers see.
    assert [(block.block_type, str(block.value)) for block in read.body] == [
        (block.block_type, str(block.value)) for block in stored.body
    ]
    assert read._state.adding is False
    article.unpublish()
    assert routing._read_live_page(ArticlePage, article.pk) is None


@pytest.mark.django_db
def test_the_generation_is_read_once_per_request(client, article, monkeypatch):
    reads = []
    original = generations._read
    url = article.url  # outside a request, a remembered answer reads the generation afresh
    client.get(url)  # creates the site settings: a change, after which the request reads it again
    monkeypatch.setattr(generations, "_read", lambda *scopes: reads.append(1) or original(*scopes))
    client.get(url)
    client.get(url)
    assert len(reads) == 2  # one per request, however many fragments and remembered answers the page uses


def test_without_a_shared_generation_nothing_is_remembered(settings):
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    computed = []
    for _ in range(3):
        memo.remember(("test", "no-shared-cache"), lambda: computed.append(1))
    assert len(computed) == 3


def test_memory_is_bounded(settings):
    settings.PORTAL_MEMO_ENTRIES = 3
    memo.forget_all()
    for number in range(10):
        memo.remember(("test", "bounded", number), lambda: "value")
    assert len(memo._spaces["answers"]) == 3


@pytest.mark.django_db
def test_what_is_remembered_while_a_change_settles_lives_briefly(monkeypatch):
    memo.forget_all()
    generations.bump()  # a change: for SETTLE_SECONDS, entries live SETTLE_LIFETIME seconds
    computed = []
    memo.remember(("test", "settling"), lambda: computed.append(1))
    memo.remember(("test", "settling"), lambda: computed.append(1))
    assert len(computed) == 1
    later = memo.time.monotonic() + generations.SETTLE_LIFETIME + 0.1
    monkeypatch.setattr(memo.time, "monotonic", lambda: later)
    memo.remember(("test", "settling"), lambda: computed.append(1))
    assert len(computed) == 2  # it may have been read from data that was not yet committed everywhere


@pytest.mark.django_db
def test_what_is_remembered_cannot_be_changed_by_a_caller(site_tree, client, article):
    site, _, _ = site_tree
    client.get(article.url)  # creates the site settings (a change)
    first = SiteSettings.for_site(site)
    first.agency_name = "Đổi trong bộ nhớ, không lưu"
    first.site.site_name = "Cũng không lưu"
    second = SiteSettings.for_site(site)
    assert second is not first and second.site is not first.site
    assert second.agency_name != first.agency_name and second.site.site_name != first.site.site_name
    with CaptureQueriesContext(connection) as queries:
        SiteSettings.for_site(site)
    assert not reading(queries, "core_sitesettings")  # still remembered, as a snapshot


@pytest.mark.django_db
def test_a_snapshot_gives_a_fresh_page_with_its_own_blocks():
    page = ArticlePage(title="Bài", body=[{"type": "paragraph", "value": "<p>Một.</p>"}])
    snapshot = memo.Snapshot(page)
    one, two = snapshot.thaw(), snapshot.thaw()
    assert one is not two and one.body is not two.body
    assert [str(block.value) for block in one.body] == ["<p>Một.</p>"]
