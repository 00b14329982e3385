from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class DeliveryConfig(AppConfig):
    """How pages reach readers fast: remembered lookups, cached fragments and the generations that keep them
    fresh (docs/caching.md). Core's lookups are remembered through the seam core offers (portal/core/lookups.py)."""

    name = "portal.delivery"
    label = "delivery"
    verbose_name = "Phân phối nội dung"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from portal.core import lookups

        from . import generations, invalidation, memo

        lookups.install(memo.remember_lookup)
        request_started.connect(generations.request_started, dispatch_uid="portal.delivery.request_started")
        request_finished.connect(generations.request_finished, dispatch_uid="portal.delivery.request_finished")
        invalidation.connect()
        invalidation.watch_referenced(get_image_model(), get_document_model())
