"""Every public page type answers with the security headers, and its HTML runs under its own strict policy."""

from html.parser import HTMLParser

import pytest

from portal.core.models import StandardPage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_headers(settings):
    """The header settings of portal.settings.production, on top of the test settings."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def public_urls(site_tree):
    _, home, category = site_tree
    article = make_article(category, title="Bình đẳng giới trong gia đình")
    about = home.add_child(instance=StandardPage(title="Giới thiệu", intro="Giới thiệu chung."))
    return {
        "home": ("/", 200),
        "category": (category.url, 200),
        "article": (article.url, 200),
        "article download": (article.url + "luu/", 200),
        "date archive": ("/ngay/2022/12/15/", 200),
        "search results": ("/tim-kiem/?q=bình+đẳng", 200),
        "site feed": ("/rss/", 200),
        "category feed": (category.url + "rss/", 200),
        "sitemap": ("/sitemap.xml", 200),
        "robots": ("/robots.txt", 200),
        "standard page": (about.url, 200),
        "not found": ("/khong-co-trang-nay/", 404),
    }


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "category",
        "article",
        "article download",
        "date archive",
        "search results",
        "site feed",
        "category feed",
        "sitemap",
        "robots",
        "standard page",
        "not found",
    ],
)
def test_public_page_sends_security_headers(client, production_headers, public_urls, kind):
    url, status = public_urls[kind]
    response = client.get(url, secure=True)
    assert response.status_code == status, url

    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions

    csp = csp_directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_plain_http_is_redirected_to_https(client, production_headers, public_urls):
    response = client.get("/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


class InlineCodeFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: inline scripts, handlers, style attributes."""

    SCRIPT_TYPES = {"text/javascript", "application/javascript", "module"}

    def __init__(self):
        super().__init__()
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name.startswith("on") or name == "style":
                self.blocked.append(f"<{tag} {name}=...>")
        if tag == "style":
            self.blocked.append("<style>")
        # Data blocks (JSON, JSON-LD) are not run, so a policy does not block them.
        runs = (attributes.get("type") or "text/javascript").lower() in self.SCRIPT_TYPES
        if tag == "script" and "src" not in attributes and runs:
            self.blocked.append("inline <script>")
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:>")


@pytest.mark.parametrize(
    "kind", ["home", "category", "article", "date archive", "search results", "standard page", "not found"]
)
def test_public_html_needs_no_inline_code(client, public_urls, kind):
    url, _ = public_urls[kind]
    finder = InlineCodeFinder()
    finder.feed(client.get(url).content.decode())
    assert finder.blocked == []


def test_inline_code_finder_notices_inline_code():
    finder = InlineCodeFinder()
    finder.feed('<p style="color:red" onclick="x()">a</p><script>alert(1)</script><a href="javascript:x()">b</a>')
    finder.feed('<script type="application/ld+json">{}</script><script src="/static/js/portal.js"></script>')
    assert len(finder.blocked) == 4


def test_editor_on_a_public_page_keeps_the_strict_policy(client, public_urls, django_user_model):
    editor = django_user_model.objects.create_superuser("bientap", "bt@example.vn", "mat-khau-thu-nghiem-123")
    client.force_login(editor)
    response = client.get(public_urls["article"][0])
    assert response.status_code == 200
    assert "wagtail-userbar" in response.content.decode()  # the editor's toolbar is on the page
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_admin_has_its_own_policy(client, django_user_model):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    csp = csp_directives(response)
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]  # the admin frames its own previews
    assert csp["object-src"] == ["'none'"]
    assert "Permissions-Policy" in response.headers
