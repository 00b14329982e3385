"""While the database is away, readers get a short 503 that asks them to retry, never a 500.

A PostgreSQL restart (an upgrade, a failover) makes queries fail for a few seconds. nginx keeps serving the pages
it holds (deploy/nginx/portal.conf serves them stale on a 503); what it does not hold reaches the application,
where the query raises OperationalError or InterfaceError. Django answers an exception raised anywhere on either
road (a middleware reading the site, a view, the beacon's short road in portal/visits/handler.py) with the URL
configuration's ``handler500``, called while the exception is being handled: ``server_error`` answers the 503 when
the database caused it. Nothing of the 503 needs the database, and it says ``no-store`` so that no cache keeps it.
"""

import json
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
JSON_PATH_PREFIX = "/api/"  # the beacon and the search API answer JSON, so their 503 is JSON too
MESSAGE = "Hệ thống đang tạm gián đoạn trong giây lát. Xin vui lòng thử lại sau ít giây."


def caused_by_database(exception) -> bool:
    """The exception, or one it was raised from or while handling, is the database's operational trouble (a refused
    or lost connection, too many connections, a cancelled statement): something a retry cures, unlike a bug."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def unavailable_response(path: str) -> HttpResponse:
    """The 503: JSON under /api/, else the page (templates/503.html, which loads no tag)."""
    if path.startswith(JSON_PATH_PREFIX):
        response = HttpResponse(
            json.dumps({"error": MESSAGE}, ensure_ascii=False), content_type="application/json", status=503
        )
    else:
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    return response


def server_error(request):
    """handler500 (portal/urls.py): the 503 when the database caused the error, else Django's own 500 page."""
    if caused_by_database(sys.exc_info()[1]):
        return unavailable_response(request.path_info)
    return defaults.server_error(request)
