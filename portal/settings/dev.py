"""Local development: DEBUG on, SQLite by default, a per-checkout secret kept in var/."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]


def _dev_secret_key():
    # The Makefile writes a random key once per checkout, so sessions survive restarts
    # and no secret is ever committed or generated anew at start-up.
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "dev-secret-key"
    if key_file.exists():
        return key_file.read_text().strip()
    raise ImproperlyConfigured(
        f"SECRET_KEY is not set and {key_file} does not exist: run `make run` (it creates one) or export SECRET_KEY."
    )


SECRET_KEY = _dev_secret_key()
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
