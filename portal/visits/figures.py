"""What the "Thống kê truy cập" block shows for a site as a page is rendered."""

from dataclasses import dataclass

from django.utils import timezone

from .backends.base import Windows
from .models import RecentVisitor, SiteVisitCounter


@dataclass(frozen=True)
class VisitFigures:
    total: int
    current: int


def figures_for_site(site) -> VisitFigures:
    if site is None:
        return VisitFigures(total=0, current=0)
    counter = SiteVisitCounter.objects.filter(site=site).first()
    since = timezone.now() - Windows.from_settings().current
    current = RecentVisitor.objects.filter(site=site, page__isnull=True, last_seen__gt=since).count()
    return VisitFigures(total=counter.total if counter else 0, current=current)
