"""Private content: Wagtail's reader login and page passwords answer, and what they unlock is never shared-cached."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import get_resolver
from wagtail.documents import get_document_model
from wagtail.documents import urls as wagtail_document_urls
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.delivery import documents
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-doc-gia-2025"


def is_private(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "private" in directives and "public" not in directives


@pytest.fixture
def reader():
    return get_user_model().objects.create_user("docgia", "docgia@example.gov.vn", PASSWORD)


@pytest.fixture
def article(site_tree):
    _, _, category = site_tree
    return make_article(category, title="Tài liệu nội bộ")


def test_a_login_restricted_page_sends_readers_to_a_login_that_answers(client, article, reader):
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and response["Location"].startswith("/_util/login/?next=")
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200 and b'name="password"' in login_page.content

    response = client.post(
        "/_util/login/", {"username": "docgia", "password": PASSWORD, "next": article.url}, follow=False
    )
    assert response.status_code == 302 and response["Location"] == article.url
    page = client.get(article.url)
    assert page.status_code == 200 and "Tài liệu nội bộ" in page.content.decode()
    assert is_private(page)


def test_a_password_protected_page_unlocks_and_stays_private(client, article):
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mo-khoa-123"
    )
    form_page = client.get(article.url)
    assert form_page.status_code == 200 and is_private(form_page)
    action = re.search(r'action="(/_util/[^"]+)"', form_page.content.decode()).group(1)
    assert action == f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/"

    response = client.post(action, {"password": "mo-khoa-123", "return_url": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    page = client.get(article.url)
    assert page.status_code == 200 and "Tài liệu nội bộ" in page.content.decode() and is_private(page)
    assert client.post(action, {"password": "sai", "return_url": article.url}).status_code == 200


def test_documents_of_a_restricted_collection_are_private_to_every_cache(client, reader):
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    Document = get_document_model()
    secret = Document.objects.create(title="Báo cáo mật", file=ContentFile(b"noi dung", name="bao-cao.txt"))
    secret.collection = private
    secret.save()
    public = Document.objects.create(title="Thông báo", file=ContentFile(b"cong khai", name="thong-bao.txt"))

    assert client.get(secret.url).status_code == 302  # to the login
    client.force_login(reader)
    response = client.get(secret.url)
    assert response.status_code == 200 and is_private(response)
    assert "no-store" in response["Cache-Control"]
    assert not is_private(client.get(public.url))


def test_document_urls_mirror_wagtails():
    """portal/delivery/documents.py replaces Wagtail's document URLs; an upgrade that changes them must be noticed."""
    ours = {(str(p.pattern), p.name) for p in documents.urlpatterns}
    wagtails = {(str(p.pattern), p.name) for p in wagtail_document_urls.urlpatterns}
    assert ours == wagtails
    assert get_resolver().resolve("/documents/7/bao-cao.pdf").func is documents.serve


def test_wagtails_front_end_urls_are_not_shadowed_by_pages():
    resolver = get_resolver()
    assert resolver.resolve("/_util/login/").url_name == "wagtailcore_login"
    assert resolver.resolve("/_util/authenticate_with_password/1/2/").url_name == (
        "wagtailcore_authenticate_with_password"
    )
