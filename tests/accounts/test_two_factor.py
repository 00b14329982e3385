"""With PORTAL_REQUIRE_2FA, a password signs an account in only after an authenticator code (TOTP)."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import enrolment

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dung-cua-bien-tap"
TWO_FACTOR = "/admin/xac-thuc-hai-lop/"
ENROL = "/admin/xac-thuc-hai-lop/dang-ky/"


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("bientap", "bientap@example.vn", PASSWORD)


@pytest.fixture
def signed_in(client, editor):
    """The editor has given the right password at /admin/login/, and nothing more."""
    response = client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def enrolling(signed_in, editor):
    """The editor has also entered the enrolment code a Quản trị issued: the QR code comes next."""
    code, _ = enrolment.issue(editor)
    response = signed_in.post(ENROL, {"enrolment_code": code, "next": "/admin/pages/"})
    assert response.status_code == 302
    return signed_in


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def shown_secret(page) -> str:
    return re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")


def device_from_page(page) -> TOTPDevice:
    """The authenticator app's view of the device: the secret the page shows, and nothing else."""
    secret = shown_secret(page)
    return TOTPDevice(key=b32decode(secret + "=" * (-len(secret) % 8)).hex())


def test_another_session_with_the_password_sees_no_secret(require_2fa, enrolling, editor, client_factory):
    first = shown_secret(enrolling.get(ENROL).content.decode())
    intruder = client_factory()
    intruder.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    page = intruder.get(ENROL).content.decode()
    assert "data-secret" not in page and "two-factor-qr" not in page  # the enrolment code was spent by the owner
    assert shown_secret(enrolling.get(ENROL).content.decode()) == first  # stable for the owner's phone


def wrong_code(device) -> str:
    return f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/users/", "/django-admin/"])
def test_password_alone_does_not_open_the_admin(require_2fa, signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(TWO_FACTOR + "?next=")


def test_without_a_device_the_code_page_leads_to_enrolment(require_2fa, signed_in):
    response = signed_in.get(TWO_FACTOR + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response.headers["Location"] == ENROL + "?next=%2Fadmin%2Fpages%2F"


def test_enrolment_page_shows_a_qr_code_and_the_secret(require_2fa, enrolling, editor):
    response = enrolling.get(ENROL + "?next=/admin/pages/")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    page = response.content.decode()
    assert "Đăng ký xác thực hai lớp" in page
    assert "quét mã QR" in page
    assert "<svg" in page
    assert not TOTPDevice.objects.filter(user=editor).exists()  # nothing stored before a code confirms it
    device = device_from_page(page)
    assert current_code(device).isdigit() and len(device.bin_key) == 20  # what a person types by hand
    assert shown_secret(enrolling.get(ENROL).content.decode()) == shown_secret(page)


def test_enrolment_with_a_wrong_code_fails(require_2fa, enrolling, editor):
    device = device_from_page(enrolling.get(ENROL).content.decode())
    response = enrolling.post(ENROL, {"token": wrong_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert enrolling.get("/admin/").status_code == 302


def test_enrolment_with_the_right_code_opens_the_admin(require_2fa, enrolling, editor):
    device = device_from_page(enrolling.get(ENROL).content.decode())
    response = enrolling.post(ENROL, {"token": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/pages/"
    assert TOTPDevice.objects.get(user=editor, confirmed=True).key == device.key
    assert enrolling.get("/admin/").status_code == 200
    assert enrolling.get("/admin/pages/").status_code == 200


def test_next_login_asks_only_for_the_code(require_2fa, client, editor):
    device = TOTPDevice.objects.create(user=editor, name="Ứng dụng xác thực", confirmed=True)
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    page = client.get(TWO_FACTOR).content.decode()
    assert "Nhập mã 6 chữ số" in page
    assert "<svg" not in page and "data-secret" not in page  # the secret is never shown again
    assert TOTPDevice.objects.filter(user=editor).count() == 1
    response = client.post(TWO_FACTOR, {"token": current_code(device), "next": "/admin/"})
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_cannot_be_used_twice(require_2fa, client, editor):
    device = TOTPDevice.objects.create(user=editor, name="Ứng dụng xác thực", confirmed=True)
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    code = current_code(device)
    assert client.post(TWO_FACTOR, {"token": code}).status_code == 302
    client.post("/admin/logout/")
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    # The code an onlooker saw is spent.
    assert client.post(TWO_FACTOR, {"token": code}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_next_cannot_lead_off_site(require_2fa, client, editor):
    device = TOTPDevice.objects.create(user=editor, name="Ứng dụng xác thực", confirmed=True)
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    response = client.post(TWO_FACTOR, {"token": current_code(device), "next": "https://evil.example/"})
    assert response.headers["Location"] == "/admin/"


def test_signing_out_again_asks_for_a_code_again(require_2fa, client, editor):
    device = TOTPDevice.objects.create(user=editor, name="Ứng dụng xác thực", confirmed=True)
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    client.post(TWO_FACTOR, {"token": current_code(device)})
    client.post("/admin/logout/")
    client.post("/admin/login/", {"username": "bientap", "password": PASSWORD})
    assert client.get("/admin/").headers["Location"].startswith(TWO_FACTOR)


def test_an_account_without_admin_access_gives_the_code_too(require_2fa, client, site_tree, django_user_model):
    # Every account is issued by the agency and may unlock private content: the second factor applies to all.
    reader = django_user_model.objects.create_user("bandoc", password=PASSWORD)
    device = TOTPDevice.objects.create(user=reader, name="Ứng dụng xác thực", confirmed=True)
    client.force_login(reader)
    assert client.get("/").status_code == 200
    assert client.get("/admin/").headers["Location"].startswith(TWO_FACTOR + "?next=")
    assert "Nhập mã 6 chữ số" in client.get(TWO_FACTOR).content.decode()
    response = client.post(TWO_FACTOR, {"token": current_code(device)})
    assert response.headers["Location"] == "/"  # not the admin, which this account cannot enter


def test_editor_reads_public_pages_without_a_code(require_2fa, signed_in, site_tree):
    assert signed_in.get("/").status_code == 200


def test_off_by_default_outside_production(signed_in):
    assert signed_in.get("/admin/").status_code == 200


@pytest.mark.parametrize("url", ["/admin/sprite/", "/admin/jsi18n/"])
def test_what_the_code_page_loads_is_reachable_before_the_code(require_2fa, signed_in, url):
    assert signed_in.get(url).status_code == 200
