from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "portal.visits"
    label = "visits"
    verbose_name = "Thống kê truy cập"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import checks, lookups  # noqa: F401 (checks registers itself)

        # The beacon's remembered sites and pages are stale once either changes.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(lookups.forget, dispatch_uid=f"visits-forget-{id(signal)}")
        post_save.connect(lookups.forget, sender=Site, dispatch_uid="visits-forget-site-saved")
        post_delete.connect(lookups.forget_deleted, dispatch_uid="visits-forget-deleted")
