"""What the "Thống kê truy cập" block shows for a site."""

from dataclasses import dataclass

from .models import SiteVisitCounter


@dataclass(frozen=True)
class VisitFigures:
    total: int
    current: int


def figures_for_site(site) -> VisitFigures:
    if site is None:
        return VisitFigures(total=0, current=0)
    counter = SiteVisitCounter.objects.filter(site=site).first()
    # Visitors online are counted by the beacon; until it runs nobody is known to be online.
    return VisitFigures(total=counter.total if counter else 0, current=0)
