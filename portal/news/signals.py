"""Keep the articles' copies of the tree right where Wagtail changes it without saving the ArticlePage itself.

A move rewrites paths in bulk SQL and saves a plain Page; scheduled expiry unpublishes a plain Page. Publishing,
copying and editing save the ArticlePage, whose save() recomputes everything.
"""

from django.db import transaction
from wagtail.signals import page_unpublished, post_page_move

from .models import ArticlePage, CategoryPage, refresh_placements


def replace_moved_articles(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk == parent_page_after.pk:
        return  # reordered among its siblings: same ancestors, same placement
    with transaction.atomic():
        refresh_placements(instance)


def unlist_unpublished_article(sender, instance, **kwargs):
    ArticlePage.objects.filter(pk=instance.pk).update(listed=False)


def connect():
    # A HomePage move keeps every article's nearest home, outermost and innermost category.
    for model in (ArticlePage, CategoryPage):
        post_page_move.connect(replace_moved_articles, sender=model, dispatch_uid=f"news-placement-{model.__name__}")
    page_unpublished.connect(unlist_unpublished_article, sender=ArticlePage, dispatch_uid="news-unlist-unpublished")
