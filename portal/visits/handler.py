"""A short road for the beacon: anonymous beacons skip Django's full middleware chain and URL resolution.

The beacon is the busiest URL of a portal (one per page view, cached pages or not), and nine middlewares, a URL
lookup and a session lookup cost more than counting does. ``BeaconShortcut`` wraps the WSGI application: a POST to
the beacon's path without a session cookie goes to a Django handler whose chain is SecurityMiddleware and the
beacon view, nothing else; everything else, editors' beacons included, takes the usual road. Both roads run the
same view, so they answer the same.
"""

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http.cookie import parse_cookie
from django.middleware.security import SecurityMiddleware
from django.urls import reverse


class BeaconHandler(WSGIHandler):
    def load_middleware(self, is_async=False):
        from .views import beacon

        self._middleware_chain = convert_exception_to_response(
            SecurityMiddleware(convert_exception_to_response(beacon))
        )


class BeaconShortcut:
    def __init__(self, application):
        self.application = application
        self.beacon = BeaconHandler()
        self.path = reverse("visits_beacon")

    def __call__(self, environ, start_response):
        if (
            environ.get("PATH_INFO") == self.path
            and environ.get("REQUEST_METHOD") == "POST"
            # Read as Django reads cookies: "sessionid =x" or ";sessionid=x" is a session too.
            and settings.SESSION_COOKIE_NAME not in parse_cookie(environ.get("HTTP_COOKIE", ""))
        ):
            return self.beacon(environ, start_response)
        return self.application(environ, start_response)
