from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "portal_search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from . import signals

        signals.connect()
