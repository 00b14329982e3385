"""Production: everything that differs between installations comes from the environment."""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, CONTENT_SECURITY_POLICY, DATABASES, MIDDLEWARE, PORTAL_ADMIN_CONTENT_SECURITY_POLICY

REQUIRED = {
    "SECRET_KEY": "a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))')",
    "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://portal@127.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "the comma-separated host names the portal answers to, e.g. huongtra.thuathienhue.gov.vn",
}
_missing = [f"{name} ({hint})" for name, hint in REQUIRED.items() if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured("Production settings need these environment variables: " + "; ".join(_missing))

# A client-address header believed from anyone lets a client choose its address (the lock-out, the visit bound);
# believed from nobody, every reader is the proxy. nginx on the same server: PORTAL_TRUSTED_PROXIES=127.0.0.1,::1.
if PORTAL_CLIENT_ADDRESS_HEADER and not PORTAL_TRUSTED_PROXIES:  # noqa: F405
    raise ImproperlyConfigured(
        "PORTAL_CLIENT_ADDRESS_HEADER is set: PORTAL_TRUSTED_PROXIES must list the proxies that set it "
        "(e.g. 127.0.0.1,::1 for nginx on the same server; deploy/env.example)."
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

if os.environ.get("REDIS_URL"):
    CACHES = {
        **CACHES,
        "default": {"BACKEND": "portal.delivery.cache.PortalRedisCache", "LOCATION": os.environ["REDIS_URL"]},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    # The cache is shared: fragments can be (docs/caching.md); PORTAL_FRAGMENT_CACHE_SECONDS=0 turns them off.
    PORTAL_FRAGMENT_CACHE_SECONDS = int(os.environ.get("PORTAL_FRAGMENT_CACHE_SECONDS", "600"))

# A streaming replica of the primary takes the anonymous readers' reads (docs/deploy.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES = {
        **DATABASES,
        "replica": dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=DATABASES["default"]["CONN_HEALTH_CHECKS"],
            # Django's own tests point this alias at the test database rather than at a second one.
            test_options={"MIRROR": "default"},
        ),
    }
    DATABASE_ROUTERS = ["portal.delivery.replica.PrimaryReplicaRouter"]
    # Before the session middleware and everything else that may read the database on the request's behalf.
    _sessions = MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    MIDDLEWARE = [*MIDDLEWARE[:_sessions], "portal.delivery.replica.ReplicaReadsMiddleware", *MIDDLEWARE[_sessions:]]

# Static files stay on local disk, served by nginx; uploads may go to S3-compatible object storage (below).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.delivery.static_storage.PortalManifestStaticFilesStorage"},
}


def _allow_images_from(policy, origin):
    directives = policy["DIRECTIVES"]
    return {**policy, "DIRECTIVES": {**directives, "img-src": [*directives["img-src"], origin]}}


S3_REQUIRED = {
    "PORTAL_MEDIA_S3_ENDPOINT_URL": "the object storage's S3 address, e.g. https://s3.example.vn",
    "PORTAL_MEDIA_S3_ACCESS_KEY": "the access key of an account that may read and write the bucket",
    "PORTAL_MEDIA_S3_SECRET_KEY": "that account's secret key",
}
if os.environ.get("PORTAL_MEDIA_S3_BUCKET"):
    _missing = [f"{name} ({hint})" for name, hint in S3_REQUIRED.items() if not os.environ.get(name)]
    if _missing:
        raise ImproperlyConfigured("PORTAL_MEDIA_S3_BUCKET is set; S3 media also needs: " + "; ".join(_missing))
    _custom_domain = os.environ.get("PORTAL_MEDIA_S3_CUSTOM_DOMAIN", "").strip("/")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PORTAL_MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ["PORTAL_MEDIA_S3_ENDPOINT_URL"],
            "region_name": os.environ.get("PORTAL_MEDIA_S3_REGION", "us-east-1"),
            "access_key": os.environ["PORTAL_MEDIA_S3_ACCESS_KEY"],
            "secret_key": os.environ["PORTAL_MEDIA_S3_SECRET_KEY"],
            # bucket/key URLs work on every S3-compatible service without wildcard DNS for bucket.host names.
            "addressing_style": "path",
            # A CDN or an nginx location in front of the bucket, e.g. media.example.gov.vn or example.gov.vn/media.
            "custom_domain": _custom_domain or None,
            # An upload never replaces another file of the same name: renditions and old links keep their file.
            "file_overwrite": False,
            # Who may read what is the bucket policy's business (images public, documents only through the app);
            # many S3-compatible services refuse per-object ACLs, and unsigned URLs keep image URLs cacheable.
            "default_acl": None,
            "querystring_auth": False,
            # Stored file names never change content (file_overwrite above), as nginx's `expires 7d` assumed.
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    # Images now come from the bucket's (or the CDN's) address: the public pages and the admin may show them.
    # Documents still go through Wagtail's view (WAGTAILDOCS_SERVE_METHOD), which reads them from the bucket.
    _media = urlsplit(f"https://{_custom_domain}" if _custom_domain else os.environ["PORTAL_MEDIA_S3_ENDPOINT_URL"])
    CONTENT_SECURITY_POLICY = _allow_images_from(CONTENT_SECURITY_POLICY, f"{_media.scheme}://{_media.netloc}")
    PORTAL_ADMIN_CONTENT_SECURITY_POLICY = _allow_images_from(
        PORTAL_ADMIN_CONTENT_SECURITY_POLICY,
        f"{_media.scheme}://{_media.netloc}",
    )

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

# Every account gives an authenticator code after its password (docs/security.md).
PORTAL_REQUIRE_2FA = True


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


# Outgoing mail (password reset, workflow notifications): SMTP when EMAIL_HOST is set. Without it every mail is
# refused with an error and `self_check` fails (portal/accounts/mail.py), rather than mails vanishing.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_USE_TLS = _env_flag("EMAIL_USE_TLS")
    EMAIL_USE_SSL = _env_flag("EMAIL_USE_SSL")
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (465): set only one.")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    # A worker waits at most this long for a mail server that does not answer.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
    if not os.environ.get("DEFAULT_FROM_EMAIL"):
        raise ImproperlyConfigured(
            "EMAIL_HOST is set; DEFAULT_FROM_EMAIL is needed too (the sender mail servers accept, e.g. "
            "Cổng thông tin <no-reply@portal.example.gov.vn>)."
        )
else:
    EMAIL_BACKEND = "portal.accounts.mail.UnconfiguredEmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
