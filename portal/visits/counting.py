"""The configured counter backend (PORTAL_VISITS_BACKEND), one per process, built with its history store."""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backends.base import Counter, Windows
from .backends.db import DatabaseCounter
from .backends.redis import RedisCounter
from .history import DatabaseHistory


def redis_counter(windows: Windows, url: str, prefix: str) -> RedisCounter:
    """Redis decides; the database keeps history and, while Redis is unreachable, counts into that same history."""
    history = DatabaseHistory()
    return RedisCounter(windows, url, prefix, history=history, fallback=DatabaseCounter(windows, history))


@lru_cache(maxsize=1)
def counter() -> Counter:
    windows = Windows.from_settings()
    name = settings.PORTAL_VISITS_BACKEND
    if name == "db":
        return DatabaseCounter(windows, DatabaseHistory())
    if name == "redis":
        if not settings.PORTAL_VISITS_REDIS_URL:
            raise ImproperlyConfigured("PORTAL_VISITS_BACKEND=redis cần REDIS_URL (ví dụ redis://127.0.0.1:6379/0).")
        return redis_counter(windows, settings.PORTAL_VISITS_REDIS_URL, settings.PORTAL_VISITS_REDIS_PREFIX)
    raise ImproperlyConfigured(f"PORTAL_VISITS_BACKEND không hợp lệ: {name!r} (db, redis).")
