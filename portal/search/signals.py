"""Keep the index in step with content: every save, publish, unpublish, move and delete of a registered model.

The handlers listen to every model and look the sender up in the registry, so content apps may register their
sources in any order, before or after this app is ready.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from . import registry
from .index_sync import record_change


def _record(instance):
    source = registry.source_for_model(type(instance))
    if source is not None and instance.pk is not None:
        record_change(registry.make_key(source, instance.pk))


def on_change(sender, instance, raw=False, **kwargs):
    # Publishing and unpublishing save the page, so post_save covers them.
    if not raw:
        _record(instance)


def on_page_move(sender, instance, **kwargs):
    # A moved category takes every article under it to another category, perhaps another site.
    if instance is None:
        return
    for source in registry.sources():
        for pk in source.pks_under(instance):
            record_change(registry.make_key(source, pk))


def on_restriction_change(sender, instance, **kwargs):
    # A page made private (or public again) hides (or shows) every article below it.
    on_page_move(sender, Page.objects.filter(pk=instance.page_id).first())


def connect():
    post_save.connect(on_change, dispatch_uid="search-save")
    post_delete.connect(on_change, dispatch_uid="search-delete")
    post_page_move.connect(on_page_move, dispatch_uid="search-page-move")
    post_save.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-save")
    post_delete.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-delete")
