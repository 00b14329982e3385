"""Rendered fragments many pages share (brand, menu, footer, trust badge) and the part of an article that only its
revision and other content change (lead, body, byline, tags and "Các tin khác"), kept in the cache until content
changes.

Every fragment key holds the content generation: a number in the shared cache that any change readers could see
bumps (a page saved, published, unpublished, moved or deleted; site settings, sites, page view restrictions, images
or documents saved).
A fragment is therefore never older than the last change, in every application process at once, and the lifetime
(PORTAL_FRAGMENT_CACHE_SECONDS) only bounds how long an unused one stays. Fragments are cached only when the cache
is shared by all processes (Redis in production); with a per-process cache the setting is 0 and nothing is kept.

The bump happens at the change and again when it is committed, and for SETTLE_SECONDS after it fragments are kept only
SETTLE_LIFETIME seconds: a process that read the data just before the commit, or from a read replica that lags
(portal/core/replica.py), may store an old fragment under the new generation, and it must not live long.
"""

import contextvars
import functools
import hashlib
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

GENERATION_KEY = "portal:content-generation"
BUMPED_AT_KEY = "portal:content-generation-bumped-at"
SETTLE_SECONDS = 5
SETTLE_LIFETIME = 2


@functools.cache
def release() -> str:
    """A digest of the code and templates that render fragments, part of every key: after an upgrade, fragments
    rendered by the old templates are not served under an unchanged generation."""
    import django
    import wagtail

    return code_digest(Path(__file__).resolve().parent.parent, f"{django.__version__} {wagtail.__version__}")


def code_digest(folder: Path, versions: str) -> str:
    digest = hashlib.sha256(versions.encode())
    for source in sorted([*folder.rglob("*.html"), *folder.rglob("*.py")]):
        digest.update(str(source.relative_to(folder)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:12]


def lifetime() -> int:
    return settings.PORTAL_FRAGMENT_CACHE_SECONDS


# Within a request, the generation is read once and kept (a list holding it once read); outside one, None: a
# command or a test reads it afresh every time.
_request_generation = contextvars.ContextVar("portal_request_generation", default=None)


def current() -> tuple[int, int]:
    """(generation, lifetime of a fragment rendered now): read once per request, in one round trip."""
    if not lifetime():
        return 0, 0
    held = _request_generation.get()
    if held:
        return held[0]
    value = _read()
    if held is not None:
        held.append(value)
    return value


def _read() -> tuple[int, int]:
    found = cache.get_many([GENERATION_KEY, BUMPED_AT_KEY])
    value = found.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so a cache that lost the key never returns to a number already used.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    settling = time.time() - found.get(BUMPED_AT_KEY, 0) < SETTLE_SECONDS
    return value, SETTLE_LIFETIME if settling else lifetime()


def generation() -> int:
    return current()[0]


def _bump_now():
    held = _request_generation.get()
    if held:
        held.clear()  # this request now reads the new generation
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): start a new one
        generation()
        cache.incr(GENERATION_KEY)
    cache.set(BUMPED_AT_KEY, time.time(), timeout=SETTLE_SECONDS * 2)


def bump(**kwargs):
    """Signal receiver: content changed, so every fragment rendered before is stale. Bumped at once (this process
    sees its own change) and again at commit (others may have rendered the old data in between)."""
    if not lifetime():
        return
    _bump_now()
    # One bump at commit per transaction, however many pages it saves (an import saves thousands). Django drops
    # pending callbacks on rollback, so a rolled-back transaction leaves nothing behind.
    connection = transaction.get_connection()
    if not any(callback is _bump_now for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_bump_now, robust=True)


def _request_began(**kwargs):
    _request_generation.set([])


def _request_ended(**kwargs):
    _request_generation.set(None)


def watch(*models):
    """Bump whenever a row of one of ``models`` (something public pages show) is saved or deleted."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=model, dispatch_uid=f"portal.fragments.{model._meta.label}.{id(signal)}")


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import SiteSettings

    request_started.connect(_request_began, dispatch_uid="portal.fragments.request_started")
    request_finished.connect(_request_ended, dispatch_uid="portal.fragments.request_finished")

    def page_changed(sender, instance=None, **kwargs):
        if isinstance(instance, Page):
            bump()

    for signal in (post_save, post_delete):
        # weak=False: a function defined here would otherwise be collected as soon as this returns.
        signal.connect(page_changed, weak=False, dispatch_uid=f"portal.fragments.page.{id(signal)}")
    watch(SiteSettings, Site, PageViewRestriction, get_image_model(), get_document_model())
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump, dispatch_uid=f"portal.fragments.{id(signal)}")
