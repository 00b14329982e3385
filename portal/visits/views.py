"""The beacon: one small POST per page view, from portal/static/js/visits.js (docs/statistics.md).

Pages are cached whole, so nothing per visitor is in their HTML; the beacon counts the view and answers with the
figures to show. It never answers 500 to bad input: every malformed request is a 4xx that counts nothing.
"""

import json
from urllib.parse import urlsplit

from django.http import JsonResponse
from django.http.request import split_domain_port
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .counting import counter
from .lookups import live_page_on_site, site_for_request
from .visitors import identify, reason_not_counted

MAX_BODY_BYTES = 256


def _answer(payload, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"  # per visitor: no cache may keep it (never_cache's work, for less)
    return response


def _error(status, message):
    return _answer({"error": message}, status)


def same_origin(request) -> bool:
    """No Origin (older browsers), or the request's own scheme and host name.

    Ports are not compared: nginx passes the host name alone (deploy/nginx/portal.conf), and a browser on a
    non-standard port still sends it in Origin.
    """
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return True
    try:
        parts = urlsplit(origin)
        hostname = parts.hostname
    except ValueError:
        return False
    return parts.scheme == request.scheme and hostname == split_domain_port(request.get_host())[0]


@csrf_exempt  # cached public pages carry no token; a same-origin check stands in (below)
@require_POST
def beacon(request):
    site = site_for_request(request)
    if not same_origin(request):
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
    page = live_page_on_site(site, page_id) if site else None
    if page is None:
        return _error(404, "Không có trang này trên cổng thông tin.")
    now = timezone.now()
    reason = reason_not_counted(request)
    if reason is None:  # counted unless the address has brought too many new visitors lately
        figures = counter().record(site, page, identify(request, site), now)
    else:
        figures = counter().figures(site, page, now)
    return _answer(
        {"total": figures.total, "current": figures.current, "views": figures.views, "counted": figures.counted}
    )
