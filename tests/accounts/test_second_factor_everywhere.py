"""With PORTAL_REQUIRE_2FA, a session that gave only its password is anonymous outside the code page: it cannot read
login-restricted pages or documents in private collections until it gives the authenticator code."""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django_otp.middleware import OTPMiddleware
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from portal.accounts.middleware import SecondFactorMiddleware
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dung-cua-ban-doc"
TWO_FACTOR = "/admin/xac-thuc-hai-lop/"


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("canbo", "canbo@example.vn", PASSWORD)


@pytest.fixture
def device(reader):
    return TOTPDevice.objects.create(user=reader, name="Ứng dụng xác thực", confirmed=True)


@pytest.fixture
def restricted_article(site_tree):
    article = make_article(site_tree[2], title="Văn bản nội bộ")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    return article


@pytest.fixture
def private_document(db):
    collection = Collection.get_first_root_node().add_child(name="Tài liệu nội bộ")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    document = get_document_model()(title="Kế hoạch nội bộ", collection=collection)
    document.file.save("ke-hoach.txt", ContentFile(b"Noi dung noi bo"), save=False)
    document.save()
    return document


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_only(client):
    response = client.post("/admin/login/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302
    return client


def give_code(client, device):
    assert client.post(TWO_FACTOR, {"token": current_code(device)}).status_code == 302


def test_password_alone_does_not_open_a_login_restricted_page(require_2fa, client, reader, device, restricted_article):
    url = restricted_article.url
    response = password_only(client).get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/_util/login/?next=")
    assert "Văn bản nội bộ" not in response.content.decode()
    give_code(client, device)
    response = client.get(url)
    assert response.status_code == 200 and "Văn bản nội bộ" in response.content.decode()


def test_password_alone_does_not_open_a_private_document(require_2fa, client, reader, device, private_document):
    url = private_document.url
    response = password_only(client).get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/_util/login/?next=")
    give_code(client, device)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == b"Noi dung noi bo"


def test_private_content_login_leads_through_the_code_and_back(require_2fa, client, reader, device, restricted_article):
    url = restricted_article.url
    login = client.get(url).headers["Location"]
    assert login.startswith("/_util/login/?next=")
    response = client.post(login, {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == url
    # Back at the page with a password only: the login form sends the session on to the code page, not to itself.
    login_again = client.get(url).headers["Location"]
    response = client.get(login_again)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(TWO_FACTOR + "?next=")
    code_page = response.headers["Location"]
    assert client.get(code_page).status_code == 200
    response = client.post(code_page, {"token": current_code(device)})
    assert response.headers["Location"] == url
    assert client.get(url).status_code == 200


def test_templates_and_views_see_nobody(require_2fa, client, reader, site_tree):
    """request.user and request.auser() both: the reader's name appears nowhere, a page is cacheable as anonymous."""
    password_only(client)
    seen = {}

    def view(request):
        seen["user"] = request.user.is_authenticated
        seen["auser"] = async_to_sync(request.auser)().is_authenticated
        return HttpResponse()

    request = RequestFactory().get("/")
    request.COOKIES.update({name: morsel.value for name, morsel in client.cookies.items()})
    handler = view
    for middleware in (SecondFactorMiddleware, OTPMiddleware, AuthenticationMiddleware, SessionMiddleware):
        handler = middleware(handler)
    handler(request)
    assert seen == {"user": False, "auser": False}
    assert "public" in client.get("/").headers["Cache-Control"]
