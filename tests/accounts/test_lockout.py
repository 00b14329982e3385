"""Five wrong passwords lock one user name at one address out of the admin for 15 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dung-cua-bien-tap"
LOGIN = "/admin/login/"


@pytest.fixture
def editors(django_user_model):
    return [
        django_user_model.objects.create_superuser(name, f"{name}@example.vn", PASSWORD)
        for name in ("bientap", "duyet")
    ]


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_signed_in(response):
    return response.status_code == 302 and response.headers["Location"] == "/admin/"


def lock_out(client, username, address="203.0.113.7"):
    responses = [log_in(client, username, "sai-mat-khau", address) for _ in range(5)]
    assert all(r.status_code == 200 for r in responses[:4])  # the login form again, with an error
    return responses[-1]


def test_right_password_signs_in(client, editors):
    assert is_signed_in(log_in(client, "bientap", PASSWORD))


def test_fifth_wrong_password_locks_out_with_a_vietnamese_page(client, editors):
    response = lock_out(client, "bientap")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tài khoản đã bị tạm khoá do nhập sai mật khẩu 5 lần" in page
    assert "15 phút" in page
    assert '<html lang="vi"' in page


def test_locked_out_user_is_refused_even_with_the_right_password(client, editors):
    lock_out(client, "bientap")
    response = log_in(client, "bientap", PASSWORD)
    assert response.status_code == 429
    assert "tạm khoá" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock_out(client, editors):
    for _ in range(4):
        log_in(client, "bientap", "sai-mat-khau")
    assert is_signed_in(log_in(client, "bientap", PASSWORD))


def test_another_user_at_the_same_address_is_unaffected(client, editors):
    lock_out(client, "bientap")
    assert is_signed_in(log_in(client, "duyet", PASSWORD))


def test_same_user_elsewhere_behind_the_proxy_is_unaffected(client, settings, editors):
    """Behind nginx the address is the one nginx reports, so other people behind the same proxy keep access."""
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    proxy = "10.0.0.2"
    for _ in range(5):
        client.post(LOGIN, {"username": "bientap", "password": "sai"}, REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.9")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.9"
    locked = client.post(
        LOGIN, {"username": "bientap", "password": PASSWORD}, REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.9"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        LOGIN, {"username": "bientap", "password": PASSWORD}, REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.10"
    )
    assert is_signed_in(elsewhere)


def test_login_works_again_after_the_cool_off(client, editors):
    lock_out(client, "bientap")
    assert log_in(client, "bientap", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert is_signed_in(log_in(client, "bientap", PASSWORD))


def test_still_locked_before_the_cool_off_ends(client, editors):
    lock_out(client, "bientap")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert log_in(client, "bientap", PASSWORD).status_code == 429
