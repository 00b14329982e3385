"""`manage.py self_check` reports the site against the criteria checkable from inside and fails when one fails."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.core.models import StandardPage
from portal.news.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_like(settings, site_tree):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_HTTPONLY = True
    settings.PORTAL_REQUIRE_2FA = True
    home = site_tree[1]
    home.add_child(
        instance=StandardPage(title="Chính sách bảo mật", slug="chinh-sach-bao-mat", intro="Không thu thập.")
    )
    make_article(site_tree[2], title="Tin an toàn")
    return site_tree


def self_check():
    out = io.StringIO()
    try:
        call_command("self_check", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_a_production_like_site_passes(production_like):
    ok, report = self_check()
    assert ok, report
    assert "Tất cả tiêu chí đều đạt" in report and "LỖI" not in report


def test_debug_and_missing_2fa_fail(production_like, settings):
    settings.DEBUG = True
    settings.PORTAL_REQUIRE_2FA = False
    ok, report = self_check()
    assert not ok
    assert "LỖI  DEBUG tắt" in report and "LỖI  Xác thực hai lớp" in report


def test_a_site_without_a_privacy_policy_fails(production_like):
    StandardPage.objects.filter(slug="chinh-sach-bao-mat").delete()
    ok, report = self_check()
    assert not ok and "LỖI  Có chính sách bảo mật (localhost)" in report


def test_mixed_content_in_a_published_page_fails(production_like):
    article = ArticlePage.objects.get(title="Tin an toàn")
    article.body = [{"type": "paragraph", "value": '<p>Ảnh <img src="http://anh.example.vn/a.jpg"></p>'}]
    ArticlePage.objects.filter(pk=article.pk).update(body=article.body)  # as legacy content already in the database
    ok, report = self_check()
    assert not ok and "http://anh.example.vn/a.jpg" in report and "Tin an toàn" in report


def test_missing_security_headers_fail(production_like, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecurityMiddleware" not in m]
    ok, report = self_check()
    assert not ok and "Strict-Transport-Security" in report
