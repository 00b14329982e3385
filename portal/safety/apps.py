from django.apps import AppConfig
from django.db.models.signals import pre_save


class SafetyConfig(AppConfig):
    name = "portal.safety"
    label = "safety"
    verbose_name = "An toàn nội dung"

    def ready(self):
        from wagtail.models import Revision

        from .html import sanitize_revision_before_save, sanitize_rich_text_before_save

        # No sender: every model's rich text is cleaned, whichever path saves it (admin, import, shell).
        pre_save.connect(sanitize_rich_text_before_save, dispatch_uid="portal.safety.rich_text")
        # Drafts live in revisions until they are published: their previews render the same rich text.
        pre_save.connect(sanitize_revision_before_save, sender=Revision, dispatch_uid="portal.safety.revisions")
