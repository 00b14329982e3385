from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = "Lõi cổng thông tin"

    def ready(self):
        from wagtail.models import Site

        from .models import SiteSettings
        from .normalization import normalize_text_before_save

        # No sender: every model, Wagtail's own included, stores NFC text.
        pre_save.connect(normalize_text_before_save, dispatch_uid="portal.core.nfc")
        # Settings are created with their site, so that reading them (every public page) never writes.
        post_save.connect(SiteSettings.ensure_for_site, sender=Site, dispatch_uid="portal.core.site-settings")
