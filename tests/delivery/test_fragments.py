"""Shared fragments (brand, menu, trust badge, footer, an article's body, "Các tin khác") are cached, and a reader
never sees one older than the last change: every change of content moves the generation in their keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import SiteSettings
from portal.delivery import generations
from tests.factories import make_article, make_category


def render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(site_tree):
    _, home, category = site_tree
    make_category(home, "Văn hóa")
    return make_article(category, title="Bài đang đọc", body=[{"type": "paragraph", "value": "<p>Bản đầu.</p>"}])


@pytest.mark.django_db
def test_a_second_reader_gets_the_shared_fragments_from_the_cache(client, article):
    render(client, article.url)
    with CaptureQueriesContext(connection) as first:
        render(client, article.url)
    generations.bump()
    with CaptureQueriesContext(connection) as after_change:
        render(client, article.url)
    assert len(first) < len(after_change)  # the menu, the trust badge and "Các tin khác" were not queried again


@pytest.mark.django_db
def test_an_edited_body_is_shown_at_once(client, article):
    assert "Bản đầu." in render(client, article.url)
    article.body = [{"type": "paragraph", "value": "<p>Bản sửa.</p>"}]
    article.save_revision().publish()
    page = render(client, article.url)
    assert "Bản sửa." in page and "Bản đầu." not in page


@pytest.mark.django_db
def test_a_new_or_removed_article_changes_the_other_news_at_once(client, site_tree, article):
    _, _, category = site_tree
    assert "Tin mới trong chuyên mục" not in render(client, article.url)
    newer = make_article(category, title="Tin mới trong chuyên mục")
    assert "Tin mới trong chuyên mục" in render(client, article.url)
    newer.unpublish()
    assert "Tin mới trong chuyên mục" not in render(client, article.url)


@pytest.mark.django_db
def test_a_renamed_category_and_new_site_settings_reach_the_menu_and_footer(client, site_tree, article):
    site, home, category = site_tree
    render(client, article.url)
    category.title = "Tin tức mới đổi tên"
    category.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.agency_name = "Ủy ban nhân dân phường Mới"
    settings.save()
    page = render(client, article.url)
    assert '"page">Tin tức mới đổi tên</a>' in page
    assert "<strong>Ủy ban nhân dân phường Mới</strong>" in page


@pytest.mark.django_db
def test_the_menu_marks_the_section_of_each_page(client, site_tree, article):
    _, home, _ = site_tree
    culture = home.get_children().get(title="Văn hóa").specific
    other = make_article(culture, title="Bài văn hóa")
    assert 'aria-current="page">Tin tức - Sự kiện' in render(client, article.url)
    page = render(client, other.url)
    assert 'aria-current="page">Văn hóa' in page and 'aria-current="page">Tin tức - Sự kiện' not in page


@pytest.mark.django_db
def test_a_preview_shows_the_draft_not_the_cached_live_body(client, article):
    render(client, article.url)  # the live body is now cached
    article.body = [{"type": "paragraph", "value": "<p>Bản nháp chưa đăng.</p>"}]
    preview = article.make_preview_request().content.decode()
    assert "Bản nháp chưa đăng." in preview
    assert "Bản nháp chưa đăng." not in render(client, article.url)  # readers still get the live body


@pytest.mark.django_db
def test_the_generation_moves_again_at_commit_and_fragments_live_briefly_while_it_settles(
    django_capture_on_commit_callbacks, monkeypatch
):
    before, _ = generations.current()
    with django_capture_on_commit_callbacks(execute=True):
        generations.bump()
        during, lifetime = generations.current()
    after, _ = generations.current()
    # Another process may have rendered the old data between the change and its commit: the commit moves it again.
    assert before < during < after
    assert lifetime == generations.SETTLE_LIFETIME  # a fragment rendered from not-yet-visible data dies quickly
    settled = generations.time.time() + generations.SETTLE_SECONDS + 1
    monkeypatch.setattr(generations.time, "time", lambda: settled)
    assert generations.current() == (after, generations.lifetime())


@pytest.mark.django_db
def test_many_saves_in_one_transaction_bump_once_more_at_commit(site_tree):
    _, _, category = site_tree
    for number in range(3):
        make_article(category, title=f"Tin nhập số {number}")
    pending = [
        callback for _, callback, _ in connection.run_on_commit if isinstance(callback, generations.BumpAtCommit)
    ]
    assert len(pending) == 1  # the site, its category and three articles were saved: one bump


@pytest.mark.django_db
def test_a_renamed_department_or_tag_reaches_the_cached_article_body(client, site_tree):
    from taggit.models import Tag

    from portal.news.models import Department

    _, _, category = site_tree
    department = Department.objects.create(short_name="Phòng VH-TT")
    article = make_article(category, title="Bài có tác giả", author_name="Ngọc Bích", department=department)
    article.tags.add("lễ hội")
    article.save_revision().publish()
    page = render(client, article.url)
    assert "Ngọc Bích - Phòng VH-TT" in page and "lễ hội" in page
    department.short_name = "Phòng Văn hóa"
    department.save()
    tag = Tag.objects.get(name="lễ hội")
    tag.name = "lễ hội đền"
    tag.save()
    page = render(client, article.url)
    assert "Ngọc Bích - Phòng Văn hóa" in page and "lễ hội đền" in page


def test_fragment_keys_change_with_the_code_that_renders_them(tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "article_page.html"
    template.write_text("<p>{{ page.byline }}</p>")
    before = generations.code_digest(tmp_path, "5.2 8.0")
    template.write_text("<p class='byline'>{{ page.byline }}</p>")
    assert generations.code_digest(tmp_path, "5.2 8.0") != before  # an upgrade never serves the old markup
    assert generations.code_digest(tmp_path, "5.2 8.1") != generations.code_digest(tmp_path, "5.2 8.0")
