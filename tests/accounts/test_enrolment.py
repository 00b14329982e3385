"""Binding an authenticator app needs an enrolment code issued by a Quản trị (or IT from the shell): the password
alone binds nothing. Codes expire, are spent once, and are void after a few wrong entries."""

import io
import re
from base64 import b32decode
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from portal.accounts import enrolment
from portal.accounts.models import EnrolmentCode
from portal.editorial import roles

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dung-cua-bien-tap"
TWO_FACTOR = "/admin/xac-thuc-hai-lop/"
ENROL = "/admin/xac-thuc-hai-lop/dang-ky/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("bientap", "bientap@example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


def sign_in(client, username="bientap"):
    assert client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def app_from_page(page) -> TOTPDevice:
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    return TOTPDevice(key=b32decode(secret + "=" * (-len(secret) % 8)).hex())


def enrol_with(client, enrolment_code) -> TOTPDevice:
    """Enter the enrolment code, scan the QR code, confirm with the app's first code."""
    assert client.post(ENROL, {"enrolment_code": enrolment_code}).status_code == 302
    app = app_from_page(client.get(ENROL).content.decode())
    assert client.post(ENROL, {"token": code_of(app), "next": "/admin/"}).headers["Location"] == "/admin/"
    return app


def shows_no_secret(page) -> bool:
    return "two-factor-qr" not in page and "data-secret" not in page


def test_the_password_alone_shows_no_qr_code_and_binds_nothing(require_2fa, client, editor):
    assert client.get(ENROL).headers["Location"].startswith("/admin/login/")
    sign_in(client)
    page = client.get(client.get(TWO_FACTOR).headers["Location"]).content.decode()
    assert "Mã đăng ký do quản trị cấp" in page and shows_no_secret(page)
    # A made-up enrolment code, and a made-up authenticator code posted as if the QR step had been reached.
    page = client.post(ENROL, {"enrolment_code": "2345-6789-ABCD"}).content.decode()
    assert "Mã đăng ký không đúng" in page and shows_no_secret(page)
    page = client.post(ENROL, {"token": "123456"}).content.decode()
    assert shows_no_secret(page)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/").status_code == 302


def test_an_issued_code_lets_the_account_enrol(require_2fa, client, editor):
    text, code = enrolment.issue(editor)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", text)
    assert text not in code.code_hash and code.code_hash == enrolment.code_hash(text)  # only its keyed hash
    sign_in(client)
    app = enrol_with(client, text.lower().replace("-", " "))  # typed by hand
    assert TOTPDevice.objects.get(user=editor, confirmed=True).key == app.key
    assert client.get("/admin/").status_code == 200
    assert EnrolmentCode.objects.get(pk=code.pk).used_at is not None


def test_a_used_code_is_refused(require_2fa, client, editor, client_factory):
    text, _ = enrolment.issue(editor)
    enrol_with(sign_in(client), text)
    other = sign_in(client_factory())
    page = other.post(ENROL, {"enrolment_code": text}).content.decode()
    assert "Mã đăng ký không đúng" in page and shows_no_secret(page)
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_an_expired_code_is_refused(require_2fa, client, editor):
    text, code = enrolment.issue(editor)
    EnrolmentCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    page = sign_in(client).post(ENROL, {"enrolment_code": text}).content.decode()
    assert "Mã đăng ký không đúng" in page and shows_no_secret(page)
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_a_code_lasts_the_configured_time(editor, settings):
    settings.PORTAL_2FA_ENROLMENT_HOURS = 24
    _, code = enrolment.issue(editor)
    assert timedelta(hours=23, minutes=59) < code.expires_at - timezone.now() <= timedelta(hours=24)


def test_a_code_is_void_after_a_few_wrong_entries(require_2fa, client, editor, settings):
    text, _ = enrolment.issue(editor)
    sign_in(client)
    for _ in range(settings.PORTAL_2FA_ENROLMENT_ATTEMPTS):
        client.post(ENROL, {"enrolment_code": "2345-6789-ABCD"})
    page = client.post(ENROL, {"enrolment_code": text}).content.decode()
    assert "Mã đăng ký không đúng" in page and shows_no_secret(page)


def test_a_code_is_for_one_account_only(require_2fa, client, editor, django_user_model):
    django_user_model.objects.create_user("nguoikhac", "khac@example.vn", PASSWORD)
    text, _ = enrolment.issue(editor)
    page = sign_in(client, "nguoikhac").post(ENROL, {"enrolment_code": text}).content.decode()
    assert "Mã đăng ký không đúng" in page and shows_no_secret(page)


def test_a_new_code_replaces_a_lost_phone(require_2fa, client, editor):
    old = TOTPDevice.objects.create(user=editor, name="Ứng dụng xác thực", confirmed=True)
    sign_in(client)
    assert "đăng ký thiết bị mới" in client.get(TWO_FACTOR).content.decode()
    text, _ = enrolment.issue(editor)
    new = enrol_with(client, text)
    assert list(TOTPDevice.objects.filter(user=editor).values_list("key", flat=True)) == [new.key]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_issuing_again_voids_the_previous_code(require_2fa, client, editor):
    first, _ = enrolment.issue(editor)
    enrolment.issue(editor)
    page = sign_in(client).post(ENROL, {"enrolment_code": first}).content.decode()
    assert "Mã đăng ký không đúng" in page


def test_a_claimed_code_stops_binding_once_it_expires_or_a_new_one_is_issued(require_2fa, client, editor):
    """Entering a code opens the QR step for that session only while the code lasts and is the account's newest."""
    text, code = enrolment.issue(editor)
    sign_in(client)
    assert client.post(ENROL, {"enrolment_code": text}).status_code == 302
    assert not shows_no_secret(client.get(ENROL).content.decode())  # the QR step is open
    EnrolmentCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert shows_no_secret(client.get(ENROL).content.decode())  # expired: back to asking for a code

    text, code = enrolment.issue(editor)
    assert client.post(ENROL, {"enrolment_code": text}).status_code == 302
    enrolment.issue(editor)  # a Quản trị re-issues (a stolen session, a lost phone): the claim is revoked
    page = client.get(ENROL).content.decode()
    assert shows_no_secret(page)
    assert client.post(ENROL, {"token": "123456"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=editor).exists()


# Issuing codes in the admin


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_user("quantri", "quantri@example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return user


def issue_url(user):
    return reverse("accounts_issue_enrolment_code", args=(user.pk,))


def test_a_quan_tri_issues_a_code_in_the_admin(client, administrator, editor, client_factory, settings):
    client.force_login(administrator)
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert issue_url(editor) in listing and "Cấp mã đăng ký xác thực hai lớp" in listing
    assert client.get(issue_url(editor)).status_code == 200
    assert not EnrolmentCode.objects.exists()  # a GET issues nothing
    response = client.post(issue_url(editor))
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    text = re.search(r"<code data-enrolment-code>([^<]+)</code>", response.content.decode()).group(1)
    code = EnrolmentCode.objects.get(user=editor)
    assert code.issued_by == administrator and code.code_hash == enrolment.code_hash(text)
    entry = ModelLogEntry.objects.get(action=enrolment.ISSUED)
    assert entry.object_id == str(editor.pk) and entry.user == administrator
    settings.PORTAL_REQUIRE_2FA = True
    enrol_with(sign_in(client_factory()), text)


def test_a_plain_editor_cannot_issue_codes(client, editor, administrator):
    client.force_login(editor)
    # Wagtail's admin answers a refused permission with a redirect to its dashboard and a message.
    assert client.get(issue_url(administrator)).headers["Location"] == "/admin/"
    assert client.post(issue_url(editor)).headers["Location"] == "/admin/"
    assert issue_url(editor) not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert not EnrolmentCode.objects.exists()


def test_only_a_superuser_issues_codes_for_a_superuser(client, administrator, django_user_model):
    root = django_user_model.objects.create_superuser("sieuquantri", "root@example.vn", PASSWORD)
    client.force_login(administrator)
    assert client.post(issue_url(root)).headers["Location"] == "/admin/"
    client.force_login(root)
    assert client.post(issue_url(administrator)).status_code == 200
    assert EnrolmentCode.objects.filter(user=administrator, issued_by=root).exists()


# Issuing from the shell


def test_the_command_issues_a_code_for_the_first_superuser(client, django_user_model, settings):
    django_user_model.objects.create_superuser("admin", "admin@example.vn", PASSWORD)
    out = io.StringIO()
    call_command("issue_2fa_enrolment", "admin", stdout=out)
    report = out.getvalue()
    text = re.search(r"Mã đăng ký cho admin: (\S+)", report).group(1)
    assert "Hết hạn lúc" in report and ENROL in report
    settings.PORTAL_REQUIRE_2FA = True
    enrol_with(sign_in(client, "admin"), text)
    assert client.get("/admin/").status_code == 200


def test_the_command_refuses_an_unknown_account():
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("issue_2fa_enrolment", "khongco", stdout=io.StringIO())
