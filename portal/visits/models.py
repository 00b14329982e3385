"""Per-site visit figures. The beacon that counts visits arrives with the access-statistics work."""

from django.db import models
from wagtail.models import Site


class SiteVisitCounter(models.Model):
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="visit_counter", verbose_name="Trang")
    # A unit moving from a legacy portal keeps its published total (e.g. 8.627.271).
    starting_total = models.PositiveBigIntegerField("Số lượt truy cập mang sang", default=0)
    counted_total = models.PositiveBigIntegerField("Số lượt truy cập đã đếm", default=0)

    class Meta:
        verbose_name = "Bộ đếm truy cập"
        verbose_name_plural = "Bộ đếm truy cập"

    def __str__(self):
        return f"{self.site}: {self.total}"

    @property
    def total(self):
        return self.starting_total + self.counted_total


class DailyVisits(models.Model):
    """History: visits and counted page views of one site on one local day (Asia/Ho_Chi_Minh)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", verbose_name="Trang")
    day = models.DateField("Ngày")
    visits = models.PositiveBigIntegerField("Lượt truy cập", default=0)
    views = models.PositiveBigIntegerField("Lượt xem", default=0)

    class Meta:
        verbose_name = "Truy cập trong ngày"
        verbose_name_plural = "Truy cập theo ngày"
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="visits_daily_site_day")]

    def __str__(self):
        return f"{self.site} {self.day}: {self.visits}"


class PageViews(models.Model):
    """Views of one page: the running total and one row per local day, for "most read" over 7 and 30 days."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="Trang")
    day = models.DateField("Ngày", null=True, blank=True)  # null: the running total
    views = models.PositiveBigIntegerField("Lượt xem", default=0)

    class Meta:
        verbose_name = "Lượt xem trang"
        verbose_name_plural = "Lượt xem trang"
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="visits_pageviews_page_day"),
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(day__isnull=True), name="visits_pageviews_page_total"
            ),
        ]
        indexes = [models.Index(fields=["day", "page"])]

    def __str__(self):
        return f"{self.page_id} {self.day or 'tổng'}: {self.views}"


class RecentVisitor(models.Model):
    """When a visitor (a daily-keyed hash, never an address) was last seen on a site, or on one of its pages.

    ``page`` is null for the site-wide row that decides visits and current visitors; a row per page decides
    article views. Rows older than the longest window are deleted.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, null=True, related_name="+")
    visitor = models.CharField(max_length=64)
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "page", "visitor"], name="visits_recent_site_page_visitor"),
            models.UniqueConstraint(
                fields=["site", "visitor"], condition=models.Q(page__isnull=True), name="visits_recent_site_visitor"
            ),
        ]
        indexes = [models.Index(fields=["site", "page", "last_seen"])]

    def __str__(self):
        return f"{self.visitor[:8]}… {self.last_seen:%d/%m/%Y %H:%M}"


class VisitorSalt(models.Model):
    """The random key of one day's visitor hashes. Yesterday's is deleted, so no hash can be recomputed later."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class RecentAddress(models.Model):
    """How many new visitors an address (a daily-keyed hash, never the address) brought to a site since
    ``window_start``: the bound that keeps one client inventing user agents from inflating the figures.

    Rows whose window has ended are deleted.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    new_visitors = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "address"], name="visits_recentaddress_site_address")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.address[:8]}… {self.new_visitors} từ {self.window_start:%d/%m/%Y %H:%M}"
