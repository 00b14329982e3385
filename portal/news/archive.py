"""Xem tin theo ngày: articles published on one local day (Asia/Ho_Chi_Minh) of one Site."""

import datetime

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from . import listings

PICKER_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def parse_picked_day(value: str) -> datetime.date:
    value = value.strip()
    for fmt in PICKER_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise Http404("Ngày không hợp lệ. Hãy chọn ngày theo dạng dd/mm/yyyy.")


def to_date(year, month, day) -> datetime.date:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise Http404("Ngày không tồn tại.") from exc


def local_day_bounds(day: datetime.date):
    """[start, end) of ``day`` in the portal's time zone, as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min), tz)
    return start, end


def articles_on_day(home, day: datetime.date):
    start, end = local_day_bounds(day)
    return listings.articles_under(home).filter(published_at__gte=start, published_at__lt=end)


def serve_day(home, request, year, month, day):
    day = to_date(year, month, day)
    articles = listings.paginate(request, articles_on_day(home, day))
    # The plain page context: the home page's own listings are not shown here.
    context = Page.get_context(home, request)
    context.update({"day": day, "articles": articles, "noindex": True})
    return TemplateResponse(request, "news/date_archive.html", context)
