"""Editors' path through the Wagtail admin: Vietnamese interface, transliterated slugs, NFC on save."""

import unicodedata

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.news.models import ArticlePage


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-thu-nghiem")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_speaks_vietnamese(editor_client, site_tree):
    # Wagtail's own Vietnamese catalog covers about 130 of 900 admin messages; portal/locale completes it.
    dashboard = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="vi"' in dashboard
    assert "Bảng điều khiển" in dashboard and "Dashboard" not in dashboard
    _, _, category = site_tree
    editor = editor_client.get(reverse("wagtailadmin_pages:add", args=("news", "articlepage", category.pk)))
    html = editor.content.decode()
    for vietnamese in ("Lưu bản nháp", "Xuất bản", "Tiêu đề trang", "Sapo (tóm tắt)", "Ngày đăng"):
        assert vietnamese in html, vietnamese
    for english in ("Save draft", "Page title", ">Publish<"):
        assert english not in html, english


@pytest.mark.django_db
def test_article_published_from_admin_is_stored_nfc(editor_client, site_tree):
    _, _, category = site_tree
    title = unicodedata.normalize("NFD", "Đà Nẵng đón đoàn công tác")
    data = nested_form_data(
        {
            "title": title,
            "slug": "da-nang-don-doan-cong-tac",  # what the editor's script proposes (tests/browser)
            "lead": unicodedata.normalize("NFD", "Ủy ban nhân dân thành phố"),
            "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            "author_name": "Ngọc Bích",
            "department": "",
            "published_at": "",
            "tags": "",
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", category.pk))
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    article = ArticlePage.objects.get()
    assert article.slug == "da-nang-don-doan-cong-tac"
    assert article.title == "Đà Nẵng đón đoàn công tác"
    assert article.lead == "Ủy ban nhân dân thành phố"
    assert article.live and article.published_at is not None
    assert editor_client.get(article.url).status_code == 200
