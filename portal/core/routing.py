"""Finding the site and the page of a request with the answers remembered per content generation (memo.py).

Wagtail finds them anew for every request: a query for the site, then, for each segment of the URL, a query for
the child page with that slug and one for its specific type. An article three levels down cost seven queries
before its own template started. The answers change only when content changes, so each process remembers them
for the content generation they were found under: the site per host name and port, and the page's id, type and
sub-route per URL. The live page itself is remembered too (the PORTAL_MEMO_PAGES most read, each process): a page
changes only by a save, publication, unpublication, move or deletion, and each of those moves the generation, so
a reader never gets a page older than the last change, as with the fragments its template is built from.
"""

import copy
import functools

from django.db import connections, router
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
    """Every later Site.find_for_request of the request (templates, settings, search) reads the remembered site,
    and every page URL built for it the remembered site root paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_for_request(request)
        # What every page URL is built from; Wagtail would read it from the shared cache once per request.
        request._wagtail_cached_site_root_paths = memo.remember(("site-root-paths",), Site.get_site_root_paths)
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


_ID_PLACEHOLDER = -7_000_000_001  # stands for the page id while the query is compiled once


@functools.cache
def _compiled_live_page_query(page_class, alias):
    """The SQL, parameters and value converters of ``page_class.objects.filter(pk=..., live=True)`` on ``alias``.

    Building the SQL of a page type's query (forty columns over two tables) cost more than running it, and it is
    the same for every request; so it is built once per type and database, as Django would build it.
    """
    query = page_class.objects.using(alias).filter(pk=_ID_PLACEHOLDER, live=True).order_by().query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    return sql, params, compiler.get_converters([column for column, _, _ in compiler.select])


def _read_live_page(page_class, page_id):
    """``page_class.objects.filter(pk=page_id, live=True).first()``, from the SQL compiled once."""
    alias = router.db_for_read(page_class)
    sql, params, converters = _compiled_live_page_query(page_class, alias)
    connection = connections[alias]  # this thread's
    with connection.cursor() as cursor:
        cursor.execute(sql, [page_id if value == _ID_PLACEHOLDER else value for value in params])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, (functions, expression) in converters.items():
        for convert in functions:
            values[position] = convert(values[position], expression, connection)
    return page_class.from_db(alias, [field.attname for field in page_class._meta.concrete_fields], values)


def _replayed(request, remembered):
    page_id, page_class, subpath = remembered
    page = memo.remember(
        ("live-page", page_class, page_id), lambda: _read_live_page(page_class, page_id), keep_none=False, space="pages"
    )
    if page is None:
        return None
    page = copy.copy(page)  # the request may annotate it; the one remembered stays as read
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
