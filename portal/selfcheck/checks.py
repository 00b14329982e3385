"""The security self-check (`manage.py self_check`): the Tín Nhiệm Mạng criteria that can be checked from inside.

Each check gives a finding: the criterion in Vietnamese, whether it passes, and what was seen.
"""

import re
from dataclasses import dataclass

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.module_loading import import_string
from wagtail.models import Page, Site

from portal.accounts.mail import delivery_problem
from portal.core.models import StandardPage
from portal.news.models import ArticlePage

PRIVACY_POLICY_SLUGS = ("chinh-sach-bao-mat", "chinh-sach-bao-ve-du-lieu-ca-nhan", "chinh-sach-quyen-rieng-tu")
ONE_YEAR = 365 * 24 * 3600
# An http:// resource on an https page: src= in stored HTML (StreamField JSON escapes the quote).
INSECURE_SOURCE = re.compile(r"""src=\\?["']http://[^"'\\]+""", re.IGNORECASE)
AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
SECOND_FACTOR_MIDDLEWARE = "portal.accounts.middleware.SecondFactorMiddleware"


@dataclass
class Finding:
    criterion: str
    ok: bool
    detail: str = ""


def settings_findings():
    yield Finding("DEBUG tắt", not settings.DEBUG, f"DEBUG={settings.DEBUG}")
    yield Finding(
        "Chuyển hướng sang HTTPS",
        bool(settings.SECURE_SSL_REDIRECT),
        f"SECURE_SSL_REDIRECT={settings.SECURE_SSL_REDIRECT}",
    )
    yield Finding(
        "HSTS ít nhất một năm",
        settings.SECURE_HSTS_SECONDS >= ONE_YEAR,
        f"SECURE_HSTS_SECONDS={settings.SECURE_HSTS_SECONDS}",
    )
    cookies = {
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
        "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
        "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    }
    yield Finding("Cookie chỉ gửi qua HTTPS", all(cookies.values()), ", ".join(f"{k}={v}" for k, v in cookies.items()))
    yield two_factor_finding()
    yield email_finding()


def two_factor_finding():
    """2FA passes only when it is enforced: required, its middleware after django-otp's, and an unverified session
    really anonymous on a public page."""
    criterion = "Xác thực hai lớp bắt buộc với mọi tài khoản"
    required = getattr(settings, "PORTAL_REQUIRE_2FA", False)
    if not required:
        return Finding(criterion, False, f"PORTAL_REQUIRE_2FA={required}")
    order = list(settings.MIDDLEWARE)
    needed = (AUTHENTICATION_MIDDLEWARE, OTP_MIDDLEWARE, SECOND_FACTOR_MIDDLEWARE)
    missing = [path for path in needed if path not in order]
    if missing:
        return Finding(criterion, False, "thiếu middleware: " + ", ".join(missing))
    if not order.index(AUTHENTICATION_MIDDLEWARE) < order.index(OTP_MIDDLEWARE) < order.index(SECOND_FACTOR_MIDDLEWARE):
        return Finding(criterion, False, f"{SECOND_FACTOR_MIDDLEWARE} phải đứng sau {OTP_MIDDLEWARE} trong MIDDLEWARE")
    if not unverified_session_is_anonymous():
        return Finding(criterion, False, "phiên chỉ có mật khẩu vẫn được coi là đã đăng nhập")
    return Finding(criterion, True, "PORTAL_REQUIRE_2FA=True; phiên chưa nhập mã được coi là khách")


def unverified_session_is_anonymous() -> bool:
    """Run django-otp's and our middleware, as installed, on a public page for a password-only account (unsaved)."""
    seen = {}

    def view(request):
        seen["sync"] = request.user.is_authenticated
        seen["async"] = async_to_sync(request.auser)().is_authenticated
        return HttpResponse()

    request = RequestFactory().get("/")
    request.session = {}
    account = get_user_model()(username="self-check")
    request.user = account
    request.auser = sync_to_async(lambda: account)
    handler = view
    for path in reversed([OTP_MIDDLEWARE, SECOND_FACTOR_MIDDLEWARE]):
        handler = import_string(path)(handler)
    handler(request)
    return seen == {"sync": False, "async": False}


def email_finding():
    problem = delivery_problem(probe=True)
    if problem:
        return Finding("Thư điện tử (SMTP) đã cấu hình", False, problem)
    smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    detail = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT} trả lời NOOP" if smtp else settings.EMAIL_BACKEND
    return Finding("Thư điện tử (SMTP) đã cấu hình", True, detail)


def header_findings(site):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST=site.hostname, secure=True)
    if response.status_code == 400:  # Django answers DisallowedHost with a 400
        yield Finding(f"Tiêu đề bảo mật ({site.hostname})", False, "HTTP 400: tên miền không có trong ALLOWED_HOSTS?")
        return
    policy = response.get("Content-Security-Policy", "")
    script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
    expected = {
        "Strict-Transport-Security": bool(response.get("Strict-Transport-Security")),
        "X-Content-Type-Options": response.get("X-Content-Type-Options") == "nosniff",
        "Referrer-Policy": bool(response.get("Referrer-Policy")),
        "Permissions-Policy": bool(response.get("Permissions-Policy")),
        "CSP frame-ancestors": "frame-ancestors" in policy,
        "CSP script-src không 'unsafe-inline'": bool(script_src) and "'unsafe-inline'" not in script_src,
    }
    missing = [name for name, present in expected.items() if not present]
    detail = f"HTTP {response.status_code}; thiếu: {', '.join(missing)}" if missing else f"HTTP {response.status_code}"
    yield Finding(f"Tiêu đề bảo mật ({site.hostname})", response.status_code == 200 and not missing, detail)


def privacy_finding(site):
    root = site.root_page
    found = Page.objects.live().descendant_of(root).filter(slug__in=PRIVACY_POLICY_SLUGS).first()
    yield Finding(
        f"Có chính sách bảo mật ({site.hostname})", found is not None, found.url_path if found else "không có trang"
    )


def mixed_content_finding():
    offenders = []
    for model in (ArticlePage, StandardPage):
        for page in model.objects.live().filter(body__icontains="http://").only("id", "title", "body").iterator():
            sources = INSECURE_SOURCE.findall(str(page.body.raw_data))
            if sources:
                offenders.append(f"{page.title} (#{page.pk}): {sources[0]}")
    detail = "; ".join(offenders[:5]) + (f" và {len(offenders) - 5} trang khác" if len(offenders) > 5 else "")
    yield Finding("Không có nội dung hỗn hợp http:// trong trang đã đăng", not offenders, detail or "không có")


def findings():
    yield from settings_findings()
    for site in Site.objects.select_related("root_page").order_by("hostname"):
        yield from header_findings(site)
        yield from privacy_finding(site)
    yield from mixed_content_finding()
