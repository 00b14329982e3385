"""Settings shared by every environment. Secrets and endpoints come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PORTAL_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PORTAL_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

# Demo and benchmark data live beside the project, never inside it.
SHARED_DATA_DIR = Path(os.environ.get("PORTAL_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "portal.core",
    "portal.delivery",
    "portal.accounts",
    "portal.search",
    "portal.visits",
    "portal.news",
    "portal.legal",
    "portal.editorial",
    "portal.selfcheck",
    "wagtail.contrib.forms",
    "portal.core.wagtail_apps.RedirectsWithoutApiConfig",  # wagtail.contrib.redirects (wagtail_apps.py)
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "portal.core.wagtail_apps.SnippetsWithoutApiConfig",  # wagtail.snippets
    "portal.core.wagtail_apps.DocumentsWithoutApiConfig",  # wagtail.documents
    "portal.core.wagtail_apps.ImagesWithoutApiConfig",  # wagtail.images
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.security_headers.PermissionsPolicyMiddleware",
    "portal.core.security_headers.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.delivery.routing.RememberedSiteMiddleware",
    "portal.core.middleware.NormalizeInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTPMiddleware: a session that has not given its authenticator code is anonymous (PORTAL_REQUIRE_2FA).
    "portal.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lock-out noticed during the login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite (WAL) is the embedded default; DATABASE_URL points production at PostgreSQL.
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
# Connections are kept a minute and checked before a request's first query, so one that died with the server (a
# restart, a failover) is replaced instead of failing that request.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; the others only verify older hashes, which are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["portal.formats"]
# Our catalog completes Wagtail's Vietnamese admin translation; LOCALE_PATHS wins over the apps' own catalogs.
LOCALE_PATHS = [PORTAL_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PORTAL_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
# Django serves uploaded files itself only in development and tests; production leaves them to nginx.
PORTAL_SERVE_MEDIA = False

# The search index, derived from the database and rebuilt with `manage.py rebuild_search_index`: "auto" keeps it in
# PostgreSQL's own tables when the database is PostgreSQL (shared by every server) and in an embedded tantivy
# index on disk (PORTAL_SEARCH_INDEX_DIR) with SQLite; "tantivy" or "postgresql" choose explicitly.
PORTAL_SEARCH_BACKEND = os.environ.get("PORTAL_SEARCH_BACKEND", "auto")
PORTAL_SEARCH_INDEX_DIR = Path(os.environ.get("PORTAL_SEARCH_INDEX_DIR", VAR_DIR / "search-index"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cổng thông tin điện tử"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No call to releases.wagtail.org from editors' browsers: servers and editors may be offline or firewalled.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Pages per listing; the archive and category pages share it.
PORTAL_PAGE_SIZE = 20
PORTAL_OTHER_NEWS_COUNT = 10
PORTAL_PAGE_CACHE_SECONDS = 60
# Shared fragments and remembered lookups (portal/delivery/, docs/caching.md) are kept only with a cache every
# process sees; the default cache is per process, so none here (unless the environment says so, for a one-process
# bench). production.py turns them on with Redis, and PORTAL_FRAGMENT_CACHE_SECONDS=0 turns them off (debugging).
PORTAL_FRAGMENT_CACHE_SECONDS = int(os.environ.get("PORTAL_FRAGMENT_CACHE_SECONDS", "0"))
# The per-process memory of lookups alone can be turned off with PORTAL_MEMO=0 (debugging).
PORTAL_MEMO = os.environ.get("PORTAL_MEMO", "1") != "0"
# Remembered search answers (portal/search/answers.py) alone can be turned off with PORTAL_SEARCH_ANSWERS=0.
PORTAL_SEARCH_ANSWERS = os.environ.get("PORTAL_SEARCH_ANSWERS", "1") != "0"
# How many sites, routes, settings and page URLs each process remembers for the current content generations
# (portal/delivery/memo.py), and how many live pages (the most read; each weighs tens of KB).
PORTAL_MEMO_ENTRIES = 2_000
PORTAL_MEMO_PAGES = 100
# The fragments every page of a site shows (brand, menu, trust badge, footer) are kept in each process: their keys
# hold the shared content generation, and a round trip to the shared cache on every page would cost more than the
# copy each process keeps. The default cache is per process too, unless production settings make it Redis.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "site_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "site-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}

# Access statistics (docs/statistics.md): the windows that define a visit, a current visitor and a view.
PORTAL_VISITS_BACKEND = os.environ.get("PORTAL_VISITS_BACKEND", "db")  # "db" or "redis" (needs REDIS_URL)
PORTAL_VISITS_REDIS_URL = os.environ.get("REDIS_URL", "")
PORTAL_VISITS_ARTICLE_MODELS = ["news.ArticlePage"]  # what "most read" ranks
PORTAL_VISITS_REDIS_PREFIX = os.environ.get("PORTAL_VISITS_REDIS_PREFIX", "portal:visits")
PORTAL_VISIT_WINDOW_MINUTES = int(os.environ.get("PORTAL_VISIT_WINDOW_MINUTES", 30))
PORTAL_CURRENT_VISITORS_MINUTES = int(os.environ.get("PORTAL_CURRENT_VISITORS_MINUTES", 5))
PORTAL_VIEW_WINDOW_MINUTES = int(os.environ.get("PORTAL_VIEW_WINDOW_MINUTES", 30))
# At most this many new visitors per address (an IPv6 /64) and site in a visit window: a household or an office
# behind one NAT address is a few people, so a client inventing user agents counts nothing beyond it
# (docs/statistics.md).
PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = int(os.environ.get("PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS", 8))
# The request header (Django META name) holding the reader's address when a proxy is in front, e.g. HTTP_X_REAL_IP;
# empty: REMOTE_ADDR. It is believed only from PORTAL_TRUSTED_PROXIES (addresses or CIDR networks, comma-separated;
# none by default). Addresses are only ever hashed with a key that changes every day.
PORTAL_CLIENT_ADDRESS_HEADER = os.environ.get("PORTAL_CLIENT_ADDRESS_HEADER", "")
PORTAL_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("PORTAL_TRUSTED_PROXIES", "").split(",") if p.strip()]

# Accounts and HTTP security (docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out for 15 minutes; the address is the one
# the visit statistics use: behind nginx, the reader's address nginx puts in PORTAL_CLIENT_ADDRESS_HEADER, not the
# proxy's (which would lock out everyone at once), and never a header sent by anyone but a trusted proxy.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.visits.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "portal.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# Every account must also give an authenticator code (TOTP) before it is signed in; production turns this on.
PORTAL_REQUIRE_2FA = False
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Binding an authenticator app takes an enrolment code issued by a Quản trị: how long it lasts, how many wrong tries.
PORTAL_2FA_ENROLMENT_HOURS = int(os.environ.get("PORTAL_2FA_ENROLMENT_HOURS", 24))
PORTAL_2FA_ENROLMENT_ATTEMPTS = 5
# Password reset says so when no mail server is configured, instead of pretending to send (portal/accounts/mail.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "portal.accounts.forms.PasswordResetForm"  # noqa: S105 (a class path)
# Sessions end 8 hours after login at the latest; without "Ghi nhớ đăng nhập" Wagtail also ends them when the
# browser closes. No script reads either cookie (the admin takes its CSRF token from the page).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PORTAL_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
# Public pages run only the portal's own script files: no inline script, no inline style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail's admin writes inline scripts and styles and shows editors' Gravatar pictures; it alone gets those, and
# its previews may be framed by the admin itself.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "www.gravatar.com"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Content safety (sanitiser, uploads) keeps its settings in its own module.
from .content_safety import *  # noqa: E402,F403

INSTALLED_APPS += CONTENT_SAFETY_APPS  # noqa: F405
