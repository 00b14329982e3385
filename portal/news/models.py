"""The news tree: one HomePage per Site, nested categories, articles, and departments."""

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.core.blocks import BodyBlock
from portal.core.models import PortalPage
from portal.core.tree import public_q

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
    subpage_types = ["news.CategoryPage", "core.StandardPage"]

    class Meta:
        verbose_name = "Trang chủ"
        verbose_name_plural = "Trang chủ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_articles"] = listings.featured_articles(self)
        context["category_sections"] = listings.latest_by_category(self)
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
        context["articles"] = listings.paginate(request, listings.articles_under(self), subtree_root=self)
        context["subcategories"] = CategoryPage.objects.child_of(self).live().filter(public_q())
        return context

    @path("rss/", name="feed")
    def feed(self, request):
        return feeds.ArticleFeed(self)(request)


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
    featured = models.BooleanField("Tin nổi bật", default=False, db_index=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name="Từ khóa")
    legacy_id = models.CharField("Mã nguồn nhập", max_length=100, blank=True, db_index=True, editable=False)

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

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"
        indexes = [models.Index(fields=["published_at", "page_ptr"], name="article_published_idx")]

    def save(self, *args, **kwargs):
        # "Ngày đăng" defaults to the first publication; editors may set it by hand.
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

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
        category = self.get_parent().specific
        context["category"] = category
        context["other_articles"] = listings.other_articles(self, category, settings.PORTAL_OTHER_NEWS_COUNT)
        return context

    @path("luu/", name="download")
    def download(self, request):
        return article_download_response(self, request)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        for entry in urls:
            entry["lastmod"] = self.updated_at
        return urls
