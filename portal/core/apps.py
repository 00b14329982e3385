from django.apps import AppConfig
from django.db.models.signals import pre_save


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Lõi cổng thông tin"

    def ready(self):
        from .normalization import normalize_text_before_save

        # No sender: every model, Wagtail's own included, stores NFC text.
        pre_save.connect(normalize_text_before_save, dispatch_uid="portal.core.nfc")

        from . import fragments

        fragments.connect_signals()
