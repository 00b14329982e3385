"""Article querysets shared by the home, category, article, archive and feed views.

Every listing is live, public, scoped to one subtree (so to one Site), newest first with a stable tie-break,
and loads the byline's department in the same query.

The scope is a filter on a placement column of the article (``site_root``, ``top_category`` or ``category``,
kept by ``ArticlePage.save`` and the page-move signal), never on the tree's path: each column leads an index in
``NEWEST_FIRST`` order, so a page of any listing reads its own rows from one index range, whatever the size of
the rest of the corpus.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

from portal.core.tree import ancestor_paths, descendants_q, menu_pages, public_q

HOME_FEATURED_COUNT = 5
HOME_PER_CATEGORY_COUNT = 5
# Category pages stop at page 500 (10,000 articles at 20 a page): the count and the deepest page then cost the
# same however large a category grows. Older articles stay reachable by day, search and the sitemap.
CATEGORY_MAX_PAGES = 500
# page_ptr_id, not id: the tie-break must be the article table's own column for its indexes to give the order.
NEWEST_FIRST = ("-published_at", "-page_ptr_id")


def _model(name):
    return apps.get_model("news", name)


def listed_articles(public):
    """Every live, dated article passing ``public`` (a ``public_q()``), newest first, before any scope."""
    return (
        _model("ArticlePage")
        .objects.live()
        .filter(public, published_at__isnull=False)
        .select_related("department")
        .order_by(*NEWEST_FIRST)
    )


def category_scope(category) -> Q:
    """The articles below ``category`` as one placement column (one small query on the categories around it).

    A category without subcategories holds exactly the articles whose innermost category it is; an outermost
    category exactly those whose outermost category it is. A category both nested and with subcategories of its
    own (three levels or more) is the only case left to a list of categories, which is exact but sorts.
    """
    above = ancestor_paths(category.path)
    around = _model("CategoryPage").objects.filter(Q(path__in=above) | descendants_q(category))
    depths = dict(around.values_list("pk", "depth"))
    below = [pk for pk, depth in depths.items() if depth > category.depth]
    if not below:
        return Q(category=category)
    if len(below) == len(depths):
        return Q(top_category=category)
    return Q(category__in=[category.pk, *below])


def scope(page) -> Q:
    """The articles anywhere below ``page``."""
    if isinstance(page, _model("HomePage")):
        return Q(site_root=page)
    if isinstance(page, _model("CategoryPage")):
        return category_scope(page)
    return descendants_q(page)


def articles_under(page, public=None):
    """Live public articles anywhere below ``page`` (a HomePage scopes them to its Site).

    ``public`` is a ``public_q()`` already computed, for callers that list several subtrees at once.
    """
    return listed_articles(public_q(within=page) if public is None else public).filter(scope(page))


def featured_articles(home, count=HOME_FEATURED_COUNT):
    return list(articles_under(home).filter(featured=True).select_related("featured_image")[:count])


def latest_by_category(home, count=HOME_PER_CATEGORY_COUNT):
    """Top-level categories of the site, each with its newest articles (one query per category, not per article)."""
    public = public_q(within=home)
    sections = []
    for category in menu_pages(home, _model("CategoryPage")):
        # A child of the home page is an outermost category: no need to ask category_scope().
        articles = list(listed_articles(public).filter(top_category=category)[:count])
        if articles:
            sections.append((category, articles))
    return sections


def other_articles(article, category, count):
    """Các tin khác: the newest other articles of the same category, never the current one."""
    if article.top_category_id == category.pk:
        # The article's own placement already says its category is outermost.
        articles = listed_articles(public_q(within=category)).filter(top_category=category)
    else:
        articles = articles_under(category)
    return list(articles.exclude(pk=article.pk)[:count])


class ListingPaginator(Paginator):
    """Counts ``count_queryset`` (the articles' own rows, an index-only scan) up to ``max_pages`` pages."""

    def __init__(self, object_list, per_page, count_queryset, max_pages=None):
        super().__init__(object_list, per_page)
        self.count_queryset = count_queryset
        self.max_pages = max_pages

    @cached_property
    def count(self):
        counted = self.count_queryset.order_by()  # the tree manager's default order would join and sort pages
        if self.max_pages is not None:
            counted = counted.values("pk")[: self.max_pages * self.per_page]
        return counted.count()


def paginator_under(page, where=None, max_pages=None, per_page=None):
    """A paginator of the articles below ``page`` matching ``where``, counting them cheaply.

    Without a view restriction below ``page`` the count needs nothing from wagtailcore_page: it counts the
    article's own ``listed`` (its copy of "live and dated") from the listing index alone. With one, it counts the
    rows themselves, since the restriction is a path.
    """
    public = public_q(within=page)
    where = scope(page) & (where or Q())
    rows = listed_articles(public).filter(where)
    counted = _model("ArticlePage").objects.filter(where, listed=True) if not public else rows.order_by()
    return ListingPaginator(rows, per_page or settings.PORTAL_PAGE_SIZE, counted, max_pages)


def paginate_under(request, page, where=None, max_pages=None, per_page=None):
    """One page of the articles below ``page`` matching ``where``, and a paginator that counts them cheaply."""
    paginator = paginator_under(page, where, max_pages, per_page)
    # get_page() turns ?page=abc into page 1 and ?page=99999 into the last page.
    return paginator.get_page(request.GET.get("page"))


def page_number(requested, count, per_page) -> int:
    """The page ``Paginator.get_page`` shows for ``?page=<requested>`` among ``count`` rows: 1 for garbage, the last
    page for a number past the end or below 1. Reads nothing: building the listing's own paginator would query the
    tree (its scope and restrictions), which a cached fragment must not need."""
    return Paginator(range(count), per_page).get_page(requested).number


class CategoryListing:
    """One page of a category's articles (at most CATEGORY_MAX_PAGES), for a page whose list is a cached fragment.

    ``number`` is the page ``?page=`` normalises to (``page_number``), so a fragment is keyed by a real page
    number and never by what a client typed. With ``keys`` (delivery.fragments.fragment_keys) of a non-zero lifetime,
    the count is kept under the site's content generation like a fragment: a request whose fragment is cached
    then reads no listing row at all. Nothing is read until ``number`` or ``page`` is asked for.
    """

    def __init__(self, request, category, keys=None, max_pages=CATEGORY_MAX_PAGES):
        self.requested = request.GET.get("page")
        self.category = category
        self.per_page = settings.PORTAL_PAGE_SIZE
        self.max_pages = max_pages
        self.keys = keys if keys and keys["lifetime"] else None

    @cached_property
    def paginator(self):
        return paginator_under(self.category, max_pages=self.max_pages, per_page=self.per_page)

    @cached_property
    def count(self) -> int:
        if self.keys is None:
            return self.paginator.count
        key = f"portal:category-count:{self.category.pk}:{self.per_page}:{self.max_pages}:{self.keys['generation']}"
        count = cache.get(key)
        if count is None:
            count = self.paginator.count
            cache.set(key, count, self.keys["lifetime"])
        return count

    @cached_property
    def number(self) -> int:
        return page_number(self.requested, self.count, self.per_page)

    @cached_property
    def page(self):
        paginator = self.paginator
        paginator.count = self.count  # already known: the paginator does not count again
        return paginator.page(self.number)
