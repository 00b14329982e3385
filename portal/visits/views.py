"""The beacon: one small POST per page view, from portal/static/js/visits.js (README, "Thống kê truy cập").

Pages are cached whole, so nothing per visitor is in their HTML; the beacon counts the view and answers with the
figures to show. It never answers 500 to bad input: every malformed request is a 4xx that counts nothing.
"""

import json

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from .counting import counter
from .visitors import reason_not_counted, visitor_hash

MAX_BODY_BYTES = 256


def _root_url_path(site) -> str:
    # Wagtail caches every site's root url_path; reading site.root_page would cost a query on every beacon.
    roots = (root.root_path for root in Site.get_site_root_paths() if root.site_id == site.pk)
    return next(roots, None) or site.root_page.url_path


def _error(status, message):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # cached public pages carry no token; a same-origin check stands in (below)
@require_POST
@never_cache
def beacon(request):
    site = Site.find_for_request(request)
    origin = request.META.get("HTTP_ORIGIN")
    if origin and origin != f"{request.scheme}://{request.get_host()}":
        return _error(403, "Nguồn gửi không hợp lệ.")
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        return _error(400, "Độ dài dữ liệu không hợp lệ.")
    if int(length) > MAX_BODY_BYTES:
        return _error(413, "Dữ liệu gửi quá lớn.")
    try:
        body = json.loads(request.body[: MAX_BODY_BYTES + 1].decode("utf-8"))
        page_id = body["page"]
        if not isinstance(page_id, int) or isinstance(page_id, bool) or not 0 < page_id < 2**31:
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return _error(400, 'Cần JSON dạng {"page": <mã trang>}.')
    page = Page.objects.live().filter(pk=page_id).first() if site else None
    if page is None or not page.url_path.startswith(_root_url_path(site)):
        return _error(404, "Không có trang này trên cổng thông tin.")
    now = timezone.now()
    reason = reason_not_counted(request)
    if reason is None:
        figures = counter().record(site, page, visitor_hash(request, site), now)
    else:
        figures = counter().figures(site, page, now)
    return JsonResponse(
        {"total": figures.total, "current": figures.current, "views": figures.views, "counted": reason is None}
    )
