"""The configured counter backend (PORTAL_VISITS_BACKEND), one per process."""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.base import Windows
from .backends.db import DatabaseCounter


@lru_cache(maxsize=1)
def counter():
    windows = Windows.from_settings()
    name = settings.PORTAL_VISITS_BACKEND
    if name == "db":
        return DatabaseCounter(windows)
    raise ImproperlyConfigured(f"PORTAL_VISITS_BACKEND không hợp lệ: {name!r} (db).")
