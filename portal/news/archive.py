"""Xem tin theo ngày: articles published on one local day (Asia/Ho_Chi_Minh) of one Site."""

import datetime

from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import Page

from portal.core.dates import in_archive_range, local_day_bounds

from . import listings

PICKER_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def checked_day(day: datetime.date) -> datetime.date:
    if not in_archive_range(day):
        raise Http404("Ngày nằm ngoài phạm vi lưu trữ (01/01/1900 - 31/12/2199).")
    return day


def parse_picked_day(value: str) -> datetime.date:
    value = value.strip()
    for fmt in PICKER_FORMATS:
        try:
            return checked_day(datetime.datetime.strptime(value, fmt).date())
        except ValueError:
            continue
    raise Http404("Ngày không hợp lệ. Hãy chọn ngày theo dạng dd/mm/yyyy.")


def to_date(year, month, day) -> datetime.date:
    try:
        return checked_day(datetime.date(int(year), int(month), int(day)))
    except ValueError as exc:
        raise Http404("Ngày không tồn tại.") from exc


def published_on(day: datetime.date) -> Q:
    start, end = local_day_bounds(day)
    return Q(published_at__gte=start, published_at__lt=end)


def serve_day(home, request, year, month, day):
    day = to_date(year, month, day)
    # Not capped: the page says how many articles the day has, and one day's articles are never many pages.
    articles = listings.paginate_under(request, home, published_on(day))
    # The plain page context: the home page's own listings are not shown here.
    context = Page.get_context(home, request)
    context.update({"day": day, "articles": articles, "noindex": True})
    return TemplateResponse(request, "news/date_archive.html", context)
