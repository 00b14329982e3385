"""Production: everything that differs between installations comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED = {
    "SECRET_KEY": "a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))')",
    "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://portal@127.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "the comma-separated host names the portal answers to, e.g. huongtra.thuathienhue.gov.vn",
}
_missing = [f"{name} ({hint})" for name, hint in REQUIRED.items() if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured("Production settings need these environment variables: " + "; ".join(_missing))

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the whole registrable domain (e.g. a province's gov.vn domain, with services the portal does
# not run) to HTTPS in every browser for months; only its owner can decide that, so it is opt-in.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "0") == "1"
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Editors give an authenticator code after their password (README, "Accounts and HTTP security").
PORTAL_REQUIRE_2FA = True
