"""Outgoing mail is either configured or says it is not: against a real SMTP server on loopback (aiosmtpd)."""

import logging
import os
import subprocess
import sys
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from portal.accounts.mail import EmailNotConfigured
from portal.news.models import ArticlePage

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
REFUSED = "Máy chủ thư chưa được cấu hình, không gửi được thư đặt lại mật khẩu"
UNCONFIGURED = "portal.accounts.mail.UnconfiguredEmailBackend"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("bientap", "bientap@example.vn", "mat-khau-dai-va-kho-doan")


def test_password_reset_mail_reaches_the_smtp_server(client, editor, smtp_server):
    """What configured mail must keep doing (it did before, when pointed at a server): the positive half."""
    response = client.post(RESET, {"email": "bientap@example.vn"})
    assert response.status_code == 302 and response.headers["Location"] == reverse("wagtailadmin_password_reset_done")
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["bientap@example.vn"] and envelope.mail_from == "no-reply@portal.example.vn"
    body = message_from_bytes(envelope.content, policy=default_policy).get_body(("plain",)).get_content()
    assert "/admin/password_reset/confirm/" in body


def test_without_a_mail_server_password_reset_says_so(client, editor, smtp_server, settings):
    settings.EMAIL_BACKEND = UNCONFIGURED
    response = client.post(RESET, {"email": "bientap@example.vn"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert smtp_server.messages == [] and mail.outbox == []


def test_the_unconfigured_backend_refuses_rather_than_drops(settings, caplog):
    settings.EMAIL_BACKEND = UNCONFIGURED
    with pytest.raises(EmailNotConfigured, match="chưa được cấu hình"):
        mail.send_mail("Thử", "Nội dung", None, ["a@example.vn"])
    # Even a sender that asks to fail silently leaves an error in the log.
    with caplog.at_level(logging.ERROR, logger="portal.accounts.mail"):
        assert mail.send_mail("Thử", "Nội dung", None, ["a@example.vn"], fail_silently=True) == 0
    assert any("chưa được cấu hình" in record.getMessage() for record in caplog.records)


def test_a_notification_that_cannot_be_sent_is_logged_and_the_action_goes_on(client, site_tree, settings, caplog):
    from django.contrib.auth import get_user_model

    _, _, category = site_tree
    User = get_user_model()
    User.objects.create_user("bientap", "bientap@example.vn", "mat-khau-dai-va-kho-doan")
    User.objects.create_user("truongphong", "truongphong@example.vn", "mat-khau-dai-va-kho-doan")
    call_command(
        "assign_department", "Phòng Văn hóa", category=[category.pk], editor=["bientap"], approver=["truongphong"]
    )
    settings.EMAIL_BACKEND = UNCONFIGURED
    client.force_login(User.objects.get(username="bientap"))
    form = nested_form_data(
        {
            "title": "Tin chờ duyệt",
            "slug": "tin-cho-duyet",
            "lead": "Tóm tắt",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            "author_name": "Ngọc Bích",
            "department": "",
            "published_at": "",
            "tags": "",
            "action-submit": "1",
        }
    )
    with caplog.at_level(logging.ERROR):
        response = client.post(reverse("wagtailadmin_pages:add", args=("news", "articlepage", category.pk)), form)
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="tin-cho-duyet")
    assert WorkflowState.objects.active().filter(object_id=str(article.pk)).exists()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and "truongphong@example.vn" in r.getMessage()]
    assert errors and "chưa được cấu hình" in errors[0].exc_text


def production_settings(env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_") and k != "DEFAULT_FROM_EMAIL"}
    required = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1/db", "ALLOWED_HOSTS": "portal.vn"}
    code = (
        "from portal.settings import production as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, getattr(s, 'EMAIL_PORT', ''), getattr(s, 'EMAIL_USE_TLS', ''), "
        "getattr(s, 'EMAIL_HOST_USER', ''), s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL, sep='|')"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **required, **env}, capture_output=True, text=True, check=False
    )


def test_production_reads_smtp_settings_from_the_environment():
    env = {
        "EMAIL_HOST": "mail.example.gov.vn",
        "EMAIL_USE_TLS": "1",
        "EMAIL_HOST_USER": "no-reply@example.gov.vn",
        "EMAIL_HOST_PASSWORD": "bi-mat",
        "DEFAULT_FROM_EMAIL": "no-reply@example.gov.vn",
    }
    result = production_settings(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.gov.vn",
        "587",
        "True",
        "no-reply@example.gov.vn",
        "no-reply@example.gov.vn",
        "no-reply@example.gov.vn",
    ]


def test_production_without_a_mail_server_refuses_mail():
    result = production_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("|")[0] == UNCONFIGURED


def test_production_with_a_mail_server_needs_a_sender():
    result = production_settings({"EMAIL_HOST": "mail.example.gov.vn"})
    assert result.returncode != 0 and "DEFAULT_FROM_EMAIL" in result.stderr
