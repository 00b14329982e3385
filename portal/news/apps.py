from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from portal.search.registry import register_source

        from . import signals
        from .search_source import ArticleSource

        register_source(ArticleSource())
        signals.connect()
