"""`manage.py self_check` reports the site against the criteria checkable from inside and fails when one fails."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.core.models import StandardPage
from portal.news.models import ArticlePage
from tests.accounts.smtp import free_port, point_mail_at, running_smtp_server
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SECOND_FACTOR_MIDDLEWARE = "portal.accounts.middleware.SecondFactorMiddleware"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"


@pytest.fixture
def smtp_server():
    with running_smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def production_like(settings, site_tree, smtp_server):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_HTTPONLY = True
    settings.PORTAL_REQUIRE_2FA = True
    point_mail_at(settings, smtp_server.port)
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


def test_2fa_without_the_middleware_that_enforces_it_fails(production_like, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != SECOND_FACTOR_MIDDLEWARE]
    ok, report = self_check()
    assert not ok and "LỖI  Xác thực hai lớp" in report and "SecondFactorMiddleware" in report


def test_2fa_middleware_before_django_otp_fails(production_like, settings):
    order = [m for m in settings.MIDDLEWARE if m != SECOND_FACTOR_MIDDLEWARE]
    order.insert(order.index(OTP_MIDDLEWARE), SECOND_FACTOR_MIDDLEWARE)
    settings.MIDDLEWARE = order
    ok, report = self_check()
    assert not ok and "LỖI  Xác thực hai lớp" in report


def test_2fa_that_lets_a_password_only_session_through_fails(production_like, monkeypatch):
    from portal.accounts import middleware

    monkeypatch.setattr(middleware, "anonymise_until_verified", lambda request: None)
    ok, report = self_check()
    assert not ok and "LỖI  Xác thực hai lớp" in report and "mật khẩu" in report


def test_mail_without_a_server_fails(production_like, settings, smtp_server):
    settings.EMAIL_BACKEND = "portal.accounts.mail.UnconfiguredEmailBackend"
    ok, report = self_check()
    assert not ok and "LỖI  Thư điện tử (SMTP)" in report and "EMAIL_HOST" in report
    assert smtp_server.messages == []


def test_mail_kept_on_the_machine_fails(production_like, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ok, report = self_check()
    assert not ok and "LỖI  Thư điện tử (SMTP)" in report


def test_mail_server_that_does_not_answer_fails(production_like, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    ok, report = self_check()
    assert not ok and "LỖI  Thư điện tử (SMTP)" in report and "không kết nối được" in report


def test_the_mail_check_sends_nothing(production_like, smtp_server):
    ok, report = self_check()
    assert ok, report
    assert "ĐẠT  Thư điện tử (SMTP)" in report and smtp_server.messages == []
