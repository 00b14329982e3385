"""Finding the site and the page of a request with the answers remembered per content generation (memo.py).

Wagtail finds them anew for every request: a query for the site, then, for each segment of the URL, a query for
the child page with that slug and one for its specific type. The answers change only when content changes, so each
process remembers them: the site per host name and port (until the Site records change), and the page's id, type
and sub-route per URL, and the live page itself (the PORTAL_MEMO_PAGES most read) until its site's content changes.
What Wagtail keeps on the request is set through compat.py.
"""

import functools

from django.db import connections, router
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from . import compat, generations, memo, pages


def _site_key(request):
    return ("site", compat.host_name(request), request.get_port())


def _find_site(request):
    site = compat.find_site(request)
    if site is not None:
        site.root_page = site.root_page.specific  # remembered with it: every page's template asks for it
    return site


def site_for_request(request):
    """Wagtail's Site.find_for_request, remembered per host name and port (a fresh instance per request)."""
    if not compat.has_site(request):
        compat.keep_site(request, memo.remember(_site_key(request), lambda: _find_site(request)))
    return compat.site_found_for(request)


class RememberedSiteMiddleware:
    """Every later Site.find_for_request of the request (templates, settings, search) reads the remembered site,
    and every page URL built for it the remembered site root paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # One round trip for the generations a page needs: the shared one, the restrictions' and its site's (the
        # site last seen for this host name: if the Site records changed since, its own is read later).
        hint = memo.last_known_pk(_site_key(request))
        site_scopes = (generations.site_scope(hint),) if hint is not None else ()
        generations.prefetch(generations.RESTRICTIONS, *site_scopes)
        site_for_request(request)
        # What every page URL is built from; Wagtail would read it from the shared cache once per request.
        compat.keep_site_root_paths(request, list(memo.remember(("site-root-paths",), Site.get_site_root_paths)))
        return self.get_response(request)


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
    return compat.compile_query(page_class.objects.using(alias).filter(pk=_ID_PLACEHOLDER, live=True).order_by())


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
    values = compat.convert_row(row, converters, connection)
    return page_class.from_db(alias, [field.attname for field in page_class._meta.concrete_fields], values)


def _replayed(request, site, remembered):
    page_id, page_class, subpath = remembered
    page = memo.remember(
        ("live-page", page_class, page_id, site.pk),
        lambda: _read_live_page(page_class, page_id),
        scopes=pages.site_scopes(site),
        keep_none=False,
        space="pages",
    )
    if page is None:
        return None
    if subpath is None:
        return RouteResult(page)
    resolver_match = page.resolve_subpage(subpath)
    compat.keep_routable_match(request, resolver_match)
    view, args, kwargs = resolver_match
    return RouteResult(page, args=(view, args, kwargs))


def serve(request, path):
    """Wagtail's serve view, with the page's route remembered. Not found is not remembered: a scanner's made-up
    URLs would push the real ones out."""
    site = site_for_request(request)
    if site is not None and not compat.has_route(request):
        components = [component for component in path.split("/") if component]
        found = {}

        def find():
            try:
                found["route"] = site.root_page.localized.specific.route(request, components)
            except Http404:
                found["route"] = None
                return None
            return _rememberable(site, components, found["route"])

        key = ("route", site.pk, *components)
        remembered = memo.remember(key, find, scopes=pages.site_scopes(site), keep_none=False)
        if "route" in found:
            compat.keep_route(request, found["route"])
        elif remembered is not None:
            route = _replayed(request, site, remembered)
            if route is not None:
                compat.keep_route(request, route)
    return wagtail_views.serve(request, path)
