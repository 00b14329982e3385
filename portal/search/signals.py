"""Keep the index in step with content: every save, publish, unpublish, move and delete of a registered model."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import registry
from .index_sync import record_change


def _record(instance):
    source = registry.source_for_model(type(instance))
    if source is not None and instance.pk is not None:
        record_change(registry.make_key(source, instance.pk))


def on_change(sender, instance, raw=False, **kwargs):
    if not raw:
        _record(instance)


def on_page_move(sender, instance, **kwargs):
    # A moved category takes every article under it to another category, perhaps another site.
    for source in registry.sources():
        for pk in source.pks_under(instance):
            record_change(registry.make_key(source, pk))


def connect_source(source):
    for name, signal in (
        ("save", post_save),
        ("delete", post_delete),
        ("publish", page_published),
        ("unpublish", page_unpublished),
    ):
        signal.connect(on_change, sender=source.model, dispatch_uid=f"search-{source.label}-{name}")


def connect_moves():
    post_page_move.connect(on_page_move, dispatch_uid="search-page-move")
