"""What the "Thống kê truy cập" block and an article's view count show as a page is rendered."""

from django.utils import timezone

from .backends.base import Figures
from .counting import counter


def figures_for_request(request, site, page=None) -> Figures:
    """The figures as of rendering, read once per request: the block and the article's views show the same read."""
    if site is None:
        return Figures(total=0, current=0, views=0)
    key = (site.pk, getattr(page, "pk", None))
    remembered = getattr(request, "_portal_visit_figures", None)
    if remembered is None or remembered[0] != key:
        remembered = (key, counter().figures(site, page, timezone.now()))
        request._portal_visit_figures = remembered
    return remembered[1]
