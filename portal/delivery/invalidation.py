"""Which change moves which content generation (generations.py), connected to Django's and Wagtail's signals.

- A page saved, published, unpublished or deleted: the sites whose root is the page or one of its ancestors; a
  move, the sites of its old and of its new place. A site's root page, or a page above one, also moves SHARED
  (the site root paths every page URL is built from may have changed).
- Site settings: their site. A Site record: SHARED.
- A page view restriction: RESTRICTIONS (the list of restricted pages) and the sites of its page.
- An image, a document or a department (and any model given to ``watch_referenced``): the sites that show it,
  found through Wagtail's reference index (the pages and site settings that use it); a user other than a page or
  site settings moves SHARED, as nothing says which sites it reaches.
- A tag (and any model given to ``watch_shared``): SHARED, since tags are installation-wide.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.core.models import SiteSettings

from . import generations


def scopes_of_path(url_path: str) -> set[str]:
    """The scopes of a page at ``url_path``: the sites it is under, and SHARED if it is a site root or above one."""
    scopes = set()
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            scopes.add(generations.site_scope(root.site_id))
        if root.root_path.startswith(url_path):
            scopes.add(generations.SHARED)
    return scopes


def scopes_of_pages(page_ids) -> set[str]:
    scopes = set()
    for url_path in Page.objects.filter(pk__in=page_ids).values_list("url_path", flat=True):
        scopes |= scopes_of_path(url_path)
    return scopes


def scopes_of_users(instance) -> set[str]:
    """The scopes of the pages and site settings that use ``instance`` (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    settings_type = ContentType.objects.get_for_model(SiteSettings)
    page_ids, settings_ids, scopes = set(), set(), set()
    references = ReferenceIndex.get_references_to(instance).values_list("base_content_type_id", "object_id")
    for base_type, object_id in references.distinct():
        if base_type == page_type.pk:
            page_ids.add(int(object_id))
        elif base_type == settings_type.pk:
            settings_ids.add(int(object_id))
        else:
            scopes.add(generations.SHARED)
    for site_id in SiteSettings.objects.filter(pk__in=settings_ids).values_list("site_id", flat=True):
        scopes.add(generations.site_scope(site_id))
    return scopes | scopes_of_pages(page_ids)


def when_caching(receiver):
    """Run ``receiver`` only while fragments and remembered lookups are kept: working out which sites a change
    touches costs queries, for nothing when no generation is read (an import saves thousands of pages)."""

    @functools.wraps(receiver)
    def run(*args, **kwargs):
        if generations.lifetime():
            receiver(*args, **kwargs)

    return run


@when_caching
def page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        generations.bump(*scopes_of_path(instance.url_path))


@when_caching
def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    generations.bump(*scopes_of_path(url_path_before), *scopes_of_path(url_path_after))


@when_caching
def site_settings_changed(sender, instance, **kwargs):
    generations.bump(generations.site_scope(instance.site_id))


@when_caching
def shared_changed(sender, **kwargs):
    generations.bump(generations.SHARED)


@when_caching
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("url_path").first()
    generations.bump(generations.RESTRICTIONS, *(scopes_of_path(page.url_path) if page else ()))


@when_caching
def referenced_changed(sender, instance, **kwargs):
    scopes = scopes_of_users(instance)
    if scopes:
        generations.bump(*scopes)


def _connect(receiver, model, *signals):
    for signal in signals:
        signal.connect(receiver, sender=model, dispatch_uid=f"portal.delivery.{model._meta.label}.{id(signal)}")


def watch_referenced(*models):
    """Bump the sites that show a row of ``models`` when it is saved or deleted (before: its users are known)."""
    for model in models:
        _connect(referenced_changed, model, post_save, pre_delete)


def watch_shared(*models):
    """Bump SHARED when a row of ``models`` (shown by every site) is saved or deleted."""
    for model in models:
        _connect(shared_changed, model, post_save, post_delete)


def connect():
    # No sender: every page type is a subclass, and each sends its own signals.
    for signal in (post_save, post_delete, page_published, page_unpublished):
        signal.connect(page_changed, dispatch_uid=f"portal.delivery.page.{id(signal)}")
    post_page_move.connect(page_moved, dispatch_uid="portal.delivery.page-moved")
    _connect(site_settings_changed, SiteSettings, post_save, post_delete)
    _connect(restriction_changed, PageViewRestriction, post_save, post_delete)
    watch_shared(Site)
