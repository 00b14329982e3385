from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from taggit.models import Tag

        from portal.delivery import invalidation
        from portal.search.registry import register_source

        from . import signals
        from .models import Department
        from .search_source import ArticleSource

        register_source(ArticleSource())
        signals.connect()
        # The byline and the tags are part of an article's cached body fragment: a department moves the sites
        # whose articles name it, a tag (shared by every site) all of them.
        invalidation.watch_referenced(Department)
        invalidation.watch_shared(Tag)
