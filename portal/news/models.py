"""The news tree: one HomePage per Site, nested categories, articles, and departments."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.core.blocks import BodyBlock
from portal.core.models import PortalPage
from portal.core.tree import ancestor_paths, children_q, descendants_q, public_q
from portal.delivery.fragments import fragment_keys
from portal.delivery.pages import remembered_page

from . import archive, feeds, listings
from .saving import article_download_response


@register_snippet
class Department(models.Model):
    """The unit that wrote an article, shown in the byline ("Ngọc Bích - Phòng LĐTB&XH")."""

    short_name = models.CharField("Tên viết tắt", max_length=100, unique=True)
    full_name = models.CharField("Tên đầy đủ", max_length=255, blank=True)

    panels = [FieldPanel("short_name"), FieldPanel("full_name")]

    class Meta:
        verbose_name = "Phòng ban"
        verbose_name_plural = "Phòng ban"
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class HomePage(PortalPage):
    """The root of one unit's site: featured news, latest news per category, the date archive and the feed."""

    intro = models.TextField("Giới thiệu ngắn", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.CategoryPage", "core.StandardPage", "legal.LegalDocumentIndexPage"]

    class Meta:
        verbose_name = "Trang chủ"
        verbose_name_plural = "Trang chủ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the block is rendered: it is usually a cached fragment (home_page.html).
        context["featured_articles"] = SimpleLazyObject(lambda: listings.featured_articles(self))
        context["category_sections"] = SimpleLazyObject(lambda: listings.latest_by_category(self))
        return context

    @path("ngay/", name="date_picker")
    def date_picker(self, request):
        # The "Xem tin theo ngày" form submits ?ngay=YYYY-MM-DD (or dd/mm/yyyy); give it a canonical URL.
        day = archive.parse_picked_day(request.GET.get("ngay", ""))
        return redirect(self.reverse_subpage_url("date_archive", day))

    @re_path(r"^ngay/(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/$", name="date_archive")
    def date_archive(self, request, year, month, day):
        return archive.serve_day(self, request, year, month, day)

    @path("rss/", name="feed")
    def feed(self, request):
        return feeds.ArticleFeed(self)(request)

    def reverse_subpage_url(self, name, day):
        return self.url + self.reverse_subpage(
            name, kwargs={"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"}
        )


class CategoryPage(PortalPage):
    """Chuyên mục: lists the articles below it, newest first, and may nest."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage", "news.CategoryPage"]
    subpage_types = ["news.ArticlePage", "news.CategoryPage"]

    class Meta:
        verbose_name = "Chuyên mục"
        verbose_name_plural = "Chuyên mục"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The list, its pagination and the subcategories are one cached fragment per normalised page number
        # (category_page.html): the page's number is worked out from a remembered count, the rows read only when
        # the fragment is rendered.
        listing = listings.CategoryListing(request, self, fragment_keys(request))
        context["page_number"] = listing.number
        context["page_size"] = listing.per_page
        context["articles"] = SimpleLazyObject(lambda: listing.page)
        context["subcategories"] = CategoryPage.objects.filter(children_q(self)).live().filter(public_q())
        return context

    @path("rss/", name="feed")
    def feed(self, request):
        return feeds.ArticleFeed(self)(request)


PLACEMENT_FIELDS = ("site_root", "top_category", "category")
# What ArticlePage copies from the tree and from Page.live: never taken from a revision or a copied page.
DERIVED_ATTNAMES = (*(f"{field}_id" for field in PLACEMENT_FIELDS), "listed")
PLACEMENT_FIELD_OPTIONS = {
    "null": True,
    "blank": True,
    "editable": False,
    "on_delete": models.SET_NULL,
    "related_name": "+",
    "db_index": False,  # each leads a listing index, which also serves the foreign key
}


def placement_from(ancestry, home_type_id, category_type_id) -> dict:
    """The placement columns of an article below ``ancestry``, its (page id, content type id) pairs root first.

    ``site_root`` is the nearest HomePage; ``top_category`` the outermost and ``category`` the innermost
    CategoryPage below it (the parent, since articles live in categories).
    """
    site_root, categories = None, []
    for page_id, content_type_id in ancestry:
        if content_type_id == home_type_id:
            site_root, categories = page_id, []
        elif content_type_id == category_type_id:
            categories.append(page_id)
    return {
        "site_root_id": site_root,
        "top_category_id": categories[0] if categories else None,
        "category_id": categories[-1] if categories else None,
    }


def placement_types():
    get = ContentType.objects.get_for_model  # cached per process
    return get(HomePage).pk, get(CategoryPage).pk


def placement_under(parent_path: str, parent=None) -> dict:
    """The placement of an article whose parent is at ``parent_path`` (one query, remembered on ``parent``).

    Imports add thousands of articles to one parent instance (treebeard keeps it as ``_cached_parent_obj``).
    """
    if parent is not None and parent.path != parent_path:
        parent = None
    remembered = getattr(parent, "_article_placement", None)
    if remembered and remembered[0] == parent_path:
        return remembered[1]
    ancestry = Page.objects.filter(path__in=ancestor_paths(parent_path, inclusive=True)).order_by("path")
    placement = placement_from(ancestry.values_list("pk", "content_type_id"), *placement_types())
    if parent is not None:
        parent._article_placement = (parent_path, placement)
    return placement


def refresh_placements(page: Page):
    """Re-place the articles at or below ``page`` after a move changed its ancestors."""
    page = Page.objects.get(pk=page.pk)  # the caller may hold the path from before the move
    if page.specific_class is ArticlePage:
        placement = placement_under(page.path[: -Page.steplen])
        ArticlePage.objects.filter(pk=page.pk).update(**placement)
        return
    # A category: one UPDATE per category of the subtree, from a single read of the containers involved.
    home_type, category_type = placement_types()
    containers = list(
        Page.objects.filter(
            Q(path__in=ancestor_paths(page.path, inclusive=True)) | descendants_q(page),
            content_type__in=[home_type, category_type],
        )
        .order_by("path")
        .values_list("path", "depth", "pk", "content_type_id")
    )
    for container_path, depth, _, _ in containers:
        if container_path.startswith(page.path):
            ancestry = [(pk, type_id) for above, _, pk, type_id in containers if container_path.startswith(above)]
            placement = placement_from(ancestry, home_type, category_type)
            ArticlePage.objects.filter(children_q(Page(path=container_path, depth=depth))).update(**placement)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePage(PortalPage):
    """Tin bài: title, lead, body and byline, with published and updated dates kept apart."""

    lead = models.TextField("Sapo (tóm tắt)", blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name="Nội dung")
    author_name = models.CharField("Tác giả", max_length=255, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="Phòng ban", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateTimeField(
        "Ngày đăng", null=True, blank=True, help_text="Để trống: lấy thời điểm xuất bản lần đầu."
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Ảnh đại diện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField("Tin nổi bật", default=False)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name="Từ khóa")
    legacy_id = models.CharField("Mã nguồn nhập", max_length=100, blank=True, db_index=True, editable=False)
    # Copies of the tree and of Page.live in the article's own row, so that a listing is one range of one index,
    # newest first, and its count reads nothing else (path and live are in wagtailcore_page, published_at here).
    # Kept by save() and the page-move and unpublish signals. Listed rows are still checked against live and the
    # tree's view restrictions; only the paginators' counts trust ``listed``.
    listed = models.BooleanField("Đang hiển thị trong danh sách (tự động)", default=False, editable=False)
    site_root = models.ForeignKey(
        HomePage, **PLACEMENT_FIELD_OPTIONS, verbose_name="Trang chủ (tự động)", help_text="Trang chủ gần nhất ở trên."
    )
    top_category = models.ForeignKey(
        CategoryPage,
        **PLACEMENT_FIELD_OPTIONS,
        verbose_name="Chuyên mục cấp một (tự động)",
        help_text="Chuyên mục ngoài cùng chứa tin bài.",
    )
    category = models.ForeignKey(
        CategoryPage,
        **PLACEMENT_FIELD_OPTIONS,
        verbose_name="Chuyên mục (tự động)",
        help_text="Chuyên mục gần nhất chứa tin bài (chuyên mục cha).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("author_name"), FieldPanel("department")]), FieldPanel("published_at")],
            heading="Tác giả và ngày đăng",
        ),
        MultiFieldPanel([FieldPanel("featured_image"), FieldPanel("featured"), FieldPanel("tags")], heading="Hiển thị"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["news.CategoryPage"]
    subpage_types = []

    exclude_fields_in_copy = [*PLACEMENT_FIELDS, "listed"]

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"
        # One per listing scope, in the listings' order (listings.NEWEST_FIRST): a page of a listing is one range
        # of one of them. ``listed`` comes last so that a paginator counts from the index alone. Not partial, so
        # they also serve the foreign keys.
        indexes = [
            models.Index(fields=["site_root", "-published_at", "-page_ptr", "listed"], name="article_site_newest_idx"),
            models.Index(
                fields=["top_category", "-published_at", "-page_ptr", "listed"], name="article_top_newest_idx"
            ),
            models.Index(
                fields=["category", "-published_at", "-page_ptr", "listed"], name="article_category_newest_idx"
            ),
            models.Index(
                fields=["site_root", "-published_at", "-page_ptr"],
                condition=Q(featured=True),
                name="article_featured_newest_idx",
            ),
        ]

    def save(self, *args, **kwargs):
        # "Ngày đăng" defaults to the first publication; editors may set it by hand.
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        self.listed = self.live and self.published_at is not None
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            # Every full save re-reads the placement, so a stale row (a revision, a copy, a raw path update)
            # heals itself. Partial saves (save_revision, publish bookkeeping) never change the tree position.
            self.place(placement_under(self.path[: -Page.steplen], getattr(self, "_cached_parent_obj", None)))
        elif {"live", "published_at"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "listed"}
        return super().save(*args, **kwargs)

    def place(self, placement):
        for field, value in placement.items():
            setattr(self, field, value)

    def with_content_json(self, content):
        # A revision stores the placement of its day; the page may have moved since (as Wagtail keeps path).
        page = super().with_content_json(content)
        page.place({field: getattr(self, field) for field in DERIVED_ATTNAMES})
        return page

    @property
    def updated_at(self):
        """Ngày cập nhật: the last publication."""
        return self.last_published_at or self.published_at

    @property
    def byline(self):
        parts = [self.author_name, self.department.short_name if self.department_id else ""]
        return " - ".join(part for part in parts if part)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = self.parent_category(request)
        context["category"] = category
        context["page_full_url"] = self.get_full_url(request)  # canonical, og:url and the share link
        # Read only when the block is rendered: it is usually a cached fragment (portal/delivery/generations.py).
        context["other_articles"] = SimpleLazyObject(
            lambda: listings.other_articles(self, category, settings.PORTAL_OTHER_NEWS_COUNT)
        )
        return context

    def parent_category(self, request=None):
        """The category the article is in: remembered per content generation, except for a draft's preview."""
        if self.category_id and request is not None and not getattr(request, "is_preview", False):
            category = remembered_page(self.category_id, Site.find_for_request(request))
            if category is not None and category.path == self.path[: -self.steplen]:
                return category
        return self.get_parent().specific

    @path("luu/", name="download")
    def download(self, request):
        return article_download_response(self, request)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        for entry in urls:
            entry["lastmod"] = self.updated_at
        return urls
