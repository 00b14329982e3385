"""Article querysets shared by the home, category, article, archive and feed views.

Every listing is live, public, scoped to one subtree (so to one Site), newest first with a stable tie-break,
and loads the byline's department in the same query.
"""

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from portal.core.tree import descendants_q, menu_pages, public_q

HOME_FEATURED_COUNT = 5
HOME_PER_CATEGORY_COUNT = 5
NEWEST_FIRST = ("-published_at", "-id")


def _article_model():
    return apps.get_model("news", "ArticlePage")


def articles_under(page, public=None):
    """Live public articles anywhere below ``page`` (a HomePage scopes them to its Site).

    ``public`` is a ``public_q()`` already computed, for callers that list several subtrees at once.
    """
    return (
        _article_model()
        .objects.live()
        .descendant_of(page)
        .filter(public_q(within=page) if public is None else public, published_at__isnull=False)
        .select_related("department")
        .order_by(*NEWEST_FIRST)
    )


def featured_articles(home, count=HOME_FEATURED_COUNT):
    return list(articles_under(home).filter(featured=True).select_related("featured_image")[:count])


def latest_by_category(home, count=HOME_PER_CATEGORY_COUNT):
    """Top-level categories of the site, each with its newest articles (one query per category, not per article)."""
    public = public_q(within=home)
    sections = []
    for category in menu_pages(home, apps.get_model("news", "CategoryPage")):
        articles = list(articles_under(category, public)[:count])
        if articles:
            sections.append((category, articles))
    return sections


def other_articles(article, category, count):
    """Các tin khác: the newest other articles of the same category, never the current one."""
    return list(articles_under(category).exclude(pk=article.pk)[:count])


class SubtreePaginator(Paginator):
    """Counts with an index-friendly subtree filter while the page itself walks the date index.

    On SQLite ``descendant_of`` (LIKE) cannot use the path index, which is what lets the newest-first listing walk
    the published_at index and stop after one page; the count, which must visit every row, uses the path range.
    """

    def __init__(self, object_list, per_page, subtree_root):
        super().__init__(object_list, per_page)
        self.subtree_root = subtree_root

    @cached_property
    def count(self):
        return self.object_list.filter(descendants_q(self.subtree_root)).order_by().count()


def paginate(request, queryset, subtree_root=None, per_page=None):
    # get_page() turns ?page=abc into page 1 and ?page=99999 into the last page.
    per_page = per_page or settings.PORTAL_PAGE_SIZE
    paginator = SubtreePaginator(queryset, per_page, subtree_root) if subtree_root else Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
