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
