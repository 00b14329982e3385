import pytest

from tests.accounts.smtp import point_mail_at, running_smtp_server


@pytest.fixture
def require_2fa(settings):
    """Production's rule: every account gives an authenticator code after its password."""
    settings.PORTAL_REQUIRE_2FA = True


@pytest.fixture
def smtp_server(settings):
    """The portal's mail goes to a real SMTP server on loopback; its `messages` are what it received."""
    with running_smtp_server() as mailbox:
        point_mail_at(settings, mailbox.port)
        yield mailbox


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
