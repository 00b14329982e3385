"""Test settings: in-memory cache, fast hashing, tasks run immediately. DATABASE_URL selects PostgreSQL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES

DEBUG = False
# Not a secret: the test database is thrown away after every run.
SECRET_KEY = "test-only-key-not-used-outside-the-test-suite"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process, so the per-process cache is shared: the tests render with the fragment cache on, as production does.
PORTAL_FRAGMENT_CACHE_SECONDS = 600
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Uploaded files go to a throw-away folder, served by the test server so browser tests see real images.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
PORTAL_SERVE_MEDIA = True

# A file, not memory, so that tests can start real worker processes on the same test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")}  # noqa: F405
