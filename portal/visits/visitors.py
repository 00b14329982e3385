"""Who is visiting, without cookies and without keeping addresses: a keyed hash, and whether to count at all."""

import hashlib
import hmac
import secrets
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import VisitorSalt

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
_salts: dict = {}


def daily_salt(day) -> str:
    """Today's random key, the same in every process; earlier days' keys are deleted when a new day starts."""
    if day in _salts:
        return _salts[day]
    salt = VisitorSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if salt is None:
        try:
            with transaction.atomic():
                salt = VisitorSalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
        except IntegrityError:  # another process created it first
            salt = VisitorSalt.objects.get(day=day).salt
        VisitorSalt.objects.filter(day__lt=day).delete()
    _salts.clear()
    _salts[day] = salt
    return salt


def client_address(request) -> str:
    # Behind nginx the address comes from a header nginx sets (PORTAL_CLIENT_ADDRESS_HEADER, e.g. HTTP_X_REAL_IP).
    header = settings.PORTAL_CLIENT_ADDRESS_HEADER
    return (request.META.get(header) if header else None) or request.META.get("REMOTE_ADDR", "")


def visitor_hash(request, site) -> str:
    salt = daily_salt(timezone.localdate())
    message = f"{client_address(request)}\n{request.META.get('HTTP_USER_AGENT', '')}\n{site.pk}"
    return hmac.new(salt.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


_crawlers = CrawlerDetect()


@lru_cache(maxsize=10_000)
def is_crawler(agent: str) -> bool:
    # Its regular expressions take about 1 ms per call; readers' user agents repeat, so the verdicts are cached.
    return _crawlers.isCrawler(agent)


def reason_not_counted(request) -> str | None:
    """Why this page view is not a person's, or None when it counts."""
    agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not agent:
        return "no-user-agent"
    if any(
        "prefetch" in request.META.get(h, "").lower() or "preview" in request.META.get(h, "").lower()
        for h in PREFETCH_HEADERS
    ):
        return "prefetch"
    if is_crawler(agent):
        return "crawler"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return "editor"
    return None
