"""Outgoing mail that is either configured or says it is not.

Production settings use Django's SMTP backend when EMAIL_HOST is set, and UnconfiguredEmailBackend otherwise: a
mail is then refused with an error (logged by whoever tried to send it, e.g. Wagtail's workflow notifications),
never dropped in silence, and the admin's password reset says so before pretending to send anything.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "Máy chủ thư (SMTP) chưa được cấu hình: đặt EMAIL_HOST và các biến EMAIL_* trong môi trường."
# Backends that accept a mail without it ever leaving the machine.
NOT_DELIVERED = {
    "django.core.mail.backends.console.EmailBackend": "in ra màn hình",
    "django.core.mail.backends.dummy.EmailBackend": "bỏ đi",
    "django.core.mail.backends.filebased.EmailBackend": "ghi ra tệp",
    "django.core.mail.backends.locmem.EmailBackend": "giữ trong bộ nhớ",
}


class EmailNotConfigured(smtplib.SMTPException):
    """Raised for every mail when no mail server is configured."""


class UnconfiguredEmailBackend(BaseEmailBackend):
    """Refuses every message. Opening a connection succeeds, so senders that open one first (Wagtail's
    notifications) reach the per-message error, which they log."""

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        if self.fail_silently:
            logger.error("%s (%d thư không được gửi)", NOT_CONFIGURED, len(email_messages))
            return 0
        raise EmailNotConfigured(NOT_CONFIGURED)


def mail_refused() -> bool:
    """Whether every mail would be refused: no mail server is configured."""
    return isinstance(get_connection(), UnconfiguredEmailBackend)


def delivery_problem(probe: bool = True) -> str | None:
    """Why mail would not reach anyone, or None. With `probe`, an SMTP server is asked for NOOP (nothing is sent)."""
    backend = settings.EMAIL_BACKEND
    if backend in NOT_DELIVERED:
        return f"EMAIL_BACKEND={backend}: thư chỉ được {NOT_DELIVERED[backend]}, không gửi đi"
    connection = get_connection()
    if isinstance(connection, UnconfiguredEmailBackend):
        return NOT_CONFIGURED
    if not isinstance(connection, SMTPBackend):
        return None
    if not connection.host:
        return NOT_CONFIGURED
    if not probe:
        return None
    try:
        connection.open()
        code, _ = connection.connection.noop()
    except (OSError, smtplib.SMTPException) as error:
        return f"không kết nối được {connection.host}:{connection.port}: {error}"
    finally:
        connection.close()
    if code != 250:
        return f"{connection.host}:{connection.port} trả lời NOOP bằng mã {code}"
    return None
