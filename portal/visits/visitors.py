"""Who is visiting, without cookies and without keeping addresses: a keyed hash, and whether to count at all."""

import hashlib
import hmac
import secrets
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.db import IntegrityError, transaction
from django.utils import timezone

from .addresses import bound_address, client_address
from .backends.base import Visitor
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


def _keyed_hash(salt: str, message: str) -> str:
    return hmac.new(salt.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def identify(request, site) -> Visitor:
    """The visitor and the address they come from, both hashed with today's key: no address is kept in clear."""
    salt = daily_salt(timezone.localdate())
    address = client_address(request)
    return Visitor(
        key=_keyed_hash(salt, f"{address}\n{request.META.get('HTTP_USER_AGENT', '')}\n{site.pk}"),
        address=_keyed_hash(salt, f"address\n{bound_address(address)}\n{site.pk}"),
    )


_crawlers = CrawlerDetect()


@lru_cache(maxsize=10_000)
def is_crawler(agent: str) -> bool:
    # Its regular expressions are slow to run per beacon; readers' user agents repeat, so the verdicts are cached.
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
