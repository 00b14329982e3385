"""Thống kê truy cập in the Wagtail admin: per day and per month, current visitors, most read, CSV."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from .counting import counter
from .statistics import daily_bars, history_rows, monthly_bars, most_read


def _site(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    sites = list(Site.objects.order_by("-is_default_site", "site_name", "hostname"))
    chosen = request.GET.get("site", "")
    site = next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)
    return site, sites


def statistics(request):
    site, sites = _site(request)
    context = {"site": site, "sites": sites}
    if site is not None:
        daily, monthly = daily_bars(site), monthly_bars(site)
        context.update(
            daily=daily,
            daily_max=max([bar.visits for bar in daily] + [1]),
            monthly=monthly,
            monthly_max=max([bar.visits for bar in monthly] + [1]),
            figures=counter().figures(site, None, timezone.now()),
            top_7=most_read(site, 7),
            top_30=most_read(site, 30),
        )
    return render(request, "visits/admin_statistics.html", context)


def statistics_csv(request):
    site, _ = _site(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="thong-ke-truy-cap-{site.pk if site else 0}.csv"'
    response.write("\ufeff")  # a BOM, so that Excel reads the Vietnamese as UTF-8
    writer = csv.writer(response)
    writer.writerow(["Ngày", "Lượt truy cập", "Lượt xem"])
    for day, visits, views in history_rows(site) if site else []:
        writer.writerow([day.strftime("%d/%m/%Y"), visits, views])
    return response
