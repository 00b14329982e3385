"""Rendered fragments many pages share (brand, menu, footer, trust badge, "Các tin khác", an article's body),
kept in the cache until content changes.

Every fragment key holds the content generation: a number in the shared cache that any change readers could see
bumps (a page saved, published, unpublished, moved or deleted; site settings, sites, images or documents saved).
A fragment is therefore never older than the last change, in every application process at once, and the lifetime
(PORTAL_FRAGMENT_CACHE_SECONDS) only bounds how long an unused one stays. Fragments are cached only when the cache
is shared by all processes (Redis in production); with a per-process cache the setting is 0 and nothing is kept.

The bump happens at the change and again when it is committed, and for SETTLE_SECONDS after it fragments are kept only
SETTLE_LIFETIME seconds: a process that read the data just before the commit, or from a read replica that lags
(portal/core/replica.py), may store an old fragment under the new generation, and it must not live long.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "portal:content-generation"
BUMPED_AT_KEY = "portal:content-generation-bumped-at"
SETTLE_SECONDS = 5
SETTLE_LIFETIME = 2


def lifetime() -> int:
    return settings.PORTAL_FRAGMENT_CACHE_SECONDS


def current() -> tuple[int, int]:
    """(generation, lifetime of a fragment rendered now), read in one round trip."""
    if not lifetime():
        return 0, 0
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


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import SiteSettings

    def page_changed(sender, instance=None, **kwargs):
        if isinstance(instance, Page):
            bump()

    for signal in (post_save, post_delete):
        # weak=False: a function defined here would otherwise be collected as soon as this returns.
        signal.connect(page_changed, weak=False, dispatch_uid=f"portal.fragments.page.{id(signal)}")
        for model in (SiteSettings, Site, get_image_model(), get_document_model()):
            signal.connect(bump, sender=model, dispatch_uid=f"portal.fragments.{model.__name__}.{id(signal)}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump, dispatch_uid=f"portal.fragments.{id(signal)}")
