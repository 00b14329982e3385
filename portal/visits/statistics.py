"""The figures of the editors' statistics page: visits per day and per month, most read articles."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import Page

from .models import DailyVisits, PageViews


@dataclass(frozen=True)
class Bar:
    label: str
    visits: int
    views: int


def daily_bars(site, days=30) -> list[Bar]:
    today = timezone.localdate()
    first = today - datetime.timedelta(days=days - 1)
    stored = {row.day: row for row in DailyVisits.objects.filter(site=site, day__gte=first, day__lte=today)}
    bars = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        row = stored.get(day)
        bars.append(Bar(day.strftime("%d/%m"), row.visits if row else 0, row.views if row else 0))
    return bars


def monthly_bars(site, months=12) -> list[Bar]:
    today = timezone.localdate()
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    totals = {
        row["month"]: row
        for row in DailyVisits.objects.filter(site=site, day__gte=starts[0])
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(visits=Sum("visits"), views=Sum("views"))
    }
    bars = []
    for start in starts:
        row = totals.get(start) or {}
        bars.append(Bar(start.strftime("%m/%Y"), row.get("visits") or 0, row.get("views") or 0))
    return bars


def most_read(site, days, limit=10) -> list[tuple[Page, int]]:
    """The site's pages with the most views over the last ``days`` local days, most read first."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    article_types = [
        ContentType.objects.get_by_natural_key(*label.lower().split(".")).pk
        for label in settings.PORTAL_VISITS_ARTICLE_MODELS
    ]
    rows = (
        PageViews.objects.filter(
            day__gte=since, page__path__startswith=site.root_page.path, page__content_type__in=article_types
        )
        .values("page")
        .annotate(total=Sum("views"))
        .order_by("-total", "page")[:limit]
    )
    pages = Page.objects.in_bulk([row["page"] for row in rows])
    return [(pages[row["page"]], row["total"]) for row in rows if row["page"] in pages]


def history_rows(site):
    """(day, visits, views) for every day on record, oldest first: the CSV export."""
    return DailyVisits.objects.filter(site=site).order_by("day").values_list("day", "visits", "views")
