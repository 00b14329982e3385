"""Appending many pages under one parent without treebeard's per-page parent look-ups.

``add_child`` re-reads the parent's last child for every page; an import of thousands of articles under a
handful of categories spends most of its time there. Here the paths are computed once, in order.
"""

from contextlib import contextmanager

from django.db.models import F
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from portal.delivery import compat


@contextmanager
def deferred_search_indexing(model, pages):
    """Index ``pages`` once, in bulk, after the block instead of one index update per save."""
    post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        post_save.connect(post_save_signal_handler, sender=model)
    if pages:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages)


def append_children(parent: Page, pages):
    """Save ``pages`` (unsaved, with slugs unique under ``parent``) as the parent's last children, in order."""
    pages = list(pages)
    if not pages:
        return []
    last_child = parent.get_last_child()
    step = compat.child_step(last_child.path) if last_child else 0
    depth = parent.depth + 1
    with disable_reference_index_auto_update(), deferred_search_indexing(type(pages[0]), pages):
        for page in pages:
            step += 1
            page.depth = depth
            page.path = compat.child_path(parent.path, depth, step)
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.locale_id = parent.locale_id
            compat.set_parent(page, parent)  # as add_child does; ArticlePage reads its placement from it once
            page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages
