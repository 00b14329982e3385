"""Finding the site and the page of a request with the answers remembered per content generation (memo.py).

Wagtail finds them anew for every request: a query for the site, then, for each segment of the URL, a query for
the child page with that slug and one for its specific type. An article three levels down cost seven queries
before its own template started. The answers change only when content changes, so each process remembers them
for the content generation they were found under: the site per host name and port, and the page's id, type and
sub-route per URL. A remembered URL still reads its page from the database (one query, live pages only), so what
the reader gets is the page as stored now.
"""

import copy

from django.http import Http404
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from . import memo


def site_for_request(request):
    """Wagtail's Site.find_for_request, remembered per host name and port (a copy: callers may annotate it)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        site = memo.remember(("site", hostname, request.get_port()), lambda: Site._find_for_request(request))
        request._wagtail_site = copy.copy(site)
    return request._wagtail_site


class RememberedSiteMiddleware:
    """Every later Site.find_for_request of the request (templates, settings, search) reads the remembered site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_for_request(request)
        return self.get_response(request)


def remembered_page(page_id):
    """The specific page with this id as of the current content generation (a copy), or None."""

    def read():
        page = Page.objects.filter(pk=page_id).first()
        return page.specific if page is not None else None

    page = memo.remember(("page", page_id), read)
    return copy.copy(page) if page is not None else None


def _rememberable(site, path_components, route):
    """What of Wagtail's route can be replayed: (page id, page class, sub-route path or None), or None."""
    page, args, kwargs = route
    if isinstance(page, RoutablePageMixin) and args and not kwargs:
        rest = path_components[page.depth - site.root_page.depth :]
        return page.pk, type(page), "/" + "".join(f"{part}/" for part in rest)
    if args or kwargs:
        return None  # a custom route() this module does not know how to replay
    return page.pk, type(page), None


def _replayed(request, remembered):
    page_id, page_class, subpath = remembered
    try:
        page = page_class.objects.get(pk=page_id, live=True)
    except page_class.DoesNotExist:
        return None
    if subpath is None:
        return RouteResult(page)
    resolver_match = page.resolve_subpage(subpath)
    request.routable_resolver_match = resolver_match
    view, args, kwargs = resolver_match
    return RouteResult(page, args=(view, args, kwargs))


def serve(request, path):
    """Wagtail's serve view, with the page's route remembered. Not found is not remembered: a scanner's made-up
    URLs would push the real ones out."""
    site = site_for_request(request)
    if site is not None and not hasattr(request, "_wagtail_route_for_request"):
        components = [component for component in path.split("/") if component]
        found = {}

        def find():
            try:
                found["route"] = site.root_page.localized.specific.route(request, components)
            except Http404:
                found["route"] = None
                return None
            return _rememberable(site, components, found["route"])

        remembered = memo.remember(("route", site.pk, *components), find, keep_none=False)
        if "route" in found:
            request._wagtail_route_for_request = found["route"]
        elif remembered is not None:
            route = _replayed(request, remembered)
            if route is not None:
                request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
