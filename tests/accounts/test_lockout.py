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
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/24"]
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


@pytest.fixture
def behind_nginx(settings):
    """The production configuration (deploy/env.example): the header, believed from loopback only."""
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    return settings


def test_rotating_x_real_ip_does_not_escape_the_lock_out(client, editors, behind_nginx):
    """Reached directly, not through nginx: a new X-Real-IP per attempt is still the same address."""
    for attempt in range(5):
        response = client.post(
            LOGIN,
            {"username": "bientap", "password": "sai-mat-khau"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_REAL_IP=f"198.51.100.{attempt}",
        )
    assert response.status_code == 429
    again = client.post(
        LOGIN, {"username": "bientap", "password": PASSWORD}, REMOTE_ADDR="203.0.113.66", HTTP_X_REAL_IP="192.0.2.1"
    )
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}


@pytest.mark.parametrize("remote", ["203.0.113.66", "127.0.0.1"])
def test_a_garbage_x_real_ip_is_a_failed_login_not_an_error(client, editors, behind_nginx, remote):
    response = client.post(
        LOGIN, {"username": "bientap", "password": "sai-mat-khau"}, REMOTE_ADDR=remote, HTTP_X_REAL_IP="not-an-ip"
    )
    assert response.status_code == 200 and "username" in response.content.decode()
    assert AccessAttempt.objects.get().ip_address == remote  # the socket's address, which PostgreSQL can store


@pytest.mark.parametrize("remote", ["", "unix:/run/portal.sock"])
def test_an_unusable_socket_address_is_still_locked_out(client, editors, remote):
    """A server on a Unix socket reports no IP address; such requests share one, so none escapes the lock-out."""
    assert lock_out(client, "bientap", address=remote).status_code == 429
    assert log_in(client, "bientap", PASSWORD, address=remote).status_code == 429


def test_from_the_trusted_proxy_the_reported_address_is_locked_out(client, editors, behind_nginx):
    assert lock_out(client, "bientap", address="127.0.0.1").status_code == 429  # nginx itself, no header
    client.cookies.clear()
    for _ in range(5):
        client.post(
            LOGIN, {"username": "duyet", "password": "sai"}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::9"
        )
    assert AccessAttempt.objects.filter(username="duyet").get().ip_address == "2001:db8::9"
    locked = client.post(
        LOGIN, {"username": "duyet", "password": PASSWORD}, REMOTE_ADDR="::1", HTTP_X_REAL_IP="2001:db8::9"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        LOGIN, {"username": "duyet", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::10"
    )
    assert is_signed_in(elsewhere)
