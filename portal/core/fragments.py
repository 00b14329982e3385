"""Rendered fragments many pages share (brand, menu, footer, trust badge, "Các tin khác", an article's body),
kept in the cache until content changes.

Every fragment key holds the content generation: a number in the shared cache that any change readers could see
bumps (a page saved, published, unpublished, moved or deleted; site settings, sites, images or documents saved).
A fragment is therefore never older than the last change, in every application process at once, and the lifetime
(PORTAL_FRAGMENT_CACHE_SECONDS) only bounds how long an unused one stays. Fragments are cached only when the cache
is shared by all processes (Redis in production); with a per-process cache the setting is 0 and nothing is kept.
"""

import time

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "portal:content-generation"


def lifetime() -> int:
    return settings.PORTAL_FRAGMENT_CACHE_SECONDS


def generation() -> int:
    if not lifetime():
        return 0
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so a cache that lost the key never returns to a number already used.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    return value


def bump(**kwargs):
    """Signal receiver: content changed, so every fragment rendered before is stale."""
    if not lifetime():
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): start a new one
        generation()
        cache.incr(GENERATION_KEY)


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
