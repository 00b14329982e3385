"""Settings shared by every environment. Secrets and endpoints come from the environment."""

import os
from pathlib import Path

import dj_database_url

PORTAL_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PORTAL_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

# Demo and benchmark data live beside the project, never inside it.
SHARED_DATA_DIR = Path(os.environ.get("PORTAL_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "portal.core",
    "portal.search",
    "portal.visits",
    "portal.news",
    "portal.editorial",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.core.middleware.NormalizeInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE_URL), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "xls", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Pages per listing; the archive and category pages share it.
PORTAL_PAGE_SIZE = 20
PORTAL_OTHER_NEWS_COUNT = 10
PORTAL_PAGE_CACHE_SECONDS = 60

# Access statistics (README, "Thống kê truy cập"): the windows that define a visit, a current visitor and a view.
PORTAL_VISITS_BACKEND = os.environ.get("PORTAL_VISITS_BACKEND", "db")  # "db" or "redis" (needs REDIS_URL)
PORTAL_VISITS_REDIS_URL = os.environ.get("REDIS_URL", "")
PORTAL_VISITS_ARTICLE_MODELS = ["news.ArticlePage"]  # what "most read" ranks
PORTAL_VISITS_REDIS_PREFIX = os.environ.get("PORTAL_VISITS_REDIS_PREFIX", "portal:visits")
PORTAL_VISIT_WINDOW_MINUTES = int(os.environ.get("PORTAL_VISIT_WINDOW_MINUTES", 30))
PORTAL_CURRENT_VISITORS_MINUTES = int(os.environ.get("PORTAL_CURRENT_VISITORS_MINUTES", 5))
PORTAL_VIEW_WINDOW_MINUTES = int(os.environ.get("PORTAL_VIEW_WINDOW_MINUTES", 30))
# The request header (Django META name) holding the reader's address when a proxy is in front, e.g. HTTP_X_REAL_IP;
# empty: REMOTE_ADDR. Addresses are only ever hashed with a key that changes every day.
PORTAL_CLIENT_ADDRESS_HEADER = os.environ.get("PORTAL_CLIENT_ADDRESS_HEADER", "")

# Content safety (sanitiser, uploads) keeps its settings in its own module.
from .content_safety import *  # noqa: E402,F403

INSTALLED_APPS += CONTENT_SAFETY_APPS  # noqa: F405
