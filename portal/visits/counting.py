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
    if name == "redis":
        if not settings.PORTAL_VISITS_REDIS_URL:
            raise ImproperlyConfigured("PORTAL_VISITS_BACKEND=redis cần REDIS_URL (ví dụ redis://127.0.0.1:6379/0).")
        from .backends.redis import RedisCounter

        return RedisCounter(windows, settings.PORTAL_VISITS_REDIS_URL, settings.PORTAL_VISITS_REDIS_PREFIX)
    raise ImproperlyConfigured(f"PORTAL_VISITS_BACKEND không hợp lệ: {name!r} (db, redis).")
