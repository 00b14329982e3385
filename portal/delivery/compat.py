"""Every place the portal relies on a private part of Wagtail or Django, in one module.

Each assumption below has a test in tests/delivery/test_compat.py that fails on an upgrade that changes it:

1. ``Site.find_for_request`` keeps the site it found in ``request._wagtail_site`` and returns it on later calls;
   handing it the remembered site there makes every later call of the request (templates, settings) free.
2. ``Site._find_for_request(request)`` is the uncached lookup behind it (the host name and port matching).
3. ``Page.route_for_request`` keeps the route in ``request._wagtail_route_for_request``, and Wagtail's serve view
   asks it, so a remembered route set there is served as Wagtail's own.
4. ``Page._get_site_root_paths`` reads ``request._wagtail_cached_site_root_paths`` before the shared cache.
5. ``request._get_raw_host()`` is the Host header as ``get_host`` validates it, without the validation.
6. A SQL compiler's ``as_sql()``, ``select`` and ``get_converters()`` give a query's SQL, its columns and their
   value converters, which ``Model.from_db`` turns into an instance exactly as the ORM does.
7. ``connection.run_on_commit`` lists the pending on-commit callbacks as (savepoint ids, callback, robust).
8. ``instance._state.fields_cache`` holds the related instances a model instance has loaded, by field name, and
   an instance given one there reads it without a query.
9. ``RoutablePageMixin.route`` keeps the sub-route it resolved in ``request.routable_resolver_match`` (templates and
   ``routablepageurl`` read it), so a replayed route sets it as Wagtail's serve would.
10. Treebeard's materialised paths: ``Page._get_path(parent_path, depth, step)`` is the path of the step-th child,
    ``Page._str2int`` reads a step back, and ``_cached_parent_obj`` is the parent ``add_child`` leaves on a new
    child; the bulk importer appends children this way without one query per page.
"""

from django.http.request import split_domain_port
from wagtail.models import Page, Site


def has_site(request) -> bool:
    """Site.find_for_request has already answered for this request."""
    return hasattr(request, "_wagtail_site")


def site_found_for(request):
    """The site Site.find_for_request has already found for this request, or None."""
    return getattr(request, "_wagtail_site", None)


def keep_site(request, site):
    """Make ``site`` the answer of every later Site.find_for_request of this request."""
    request._wagtail_site = site


def find_site(request):
    """Wagtail's own site lookup for the request's host name and port, without its per-request memory."""
    return Site._find_for_request(request)


def host_name(request) -> str:
    return split_domain_port(request._get_raw_host())[0]


def has_route(request) -> bool:
    return hasattr(request, "_wagtail_route_for_request")


def keep_route(request, route):
    """Make ``route`` (a RouteResult) the page Wagtail's serve view serves for this request."""
    request._wagtail_route_for_request = route


def keep_site_root_paths(request, paths):
    """Make ``paths`` what every page URL of this request is built from."""
    request._wagtail_cached_site_root_paths = paths


def compile_query(queryset):
    """(sql, params, converters) of ``queryset`` on its database: what the ORM would run and how it reads a row."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    return sql, params, compiler.get_converters([column for column, _, _ in compiler.select])


def convert_row(row, converters, connection) -> list:
    """A fetched row's values as the ORM gives them to ``Model.from_db``."""
    values = list(row)
    for position, (functions, expression) in converters.items():
        for convert in functions:
            values[position] = convert(values[position], expression, connection)
    return values


def pending_on_commit(connection, kind):
    """The pending on-commit callback of ``connection`` that is an instance of ``kind``, or None."""
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, kind):
            return callback
    return None


def loaded_relations(instance) -> dict:
    """The related instances ``instance`` has loaded (select_related or an earlier access), by field name."""
    return instance._state.fields_cache


def set_loaded_relation(instance, name, value):
    instance._state.fields_cache[name] = value


def keep_routable_match(request, resolver_match):
    """What RoutablePageMixin.route records for the sub-route it resolved."""
    request.routable_resolver_match = resolver_match


def child_path(parent_path: str, depth: int, step: int) -> str:
    """The tree path of the ``step``-th child (1-based) of the page at ``parent_path``, at ``depth``."""
    return Page._get_path(parent_path, depth, step)


def child_step(path: str) -> int:
    """The step number of the last segment of ``path``: which child of its parent it is."""
    return Page._str2int(path[-Page.steplen :])


def set_parent(page, parent):
    """Tell a new child its parent as ``add_child`` does, so that code reading it needs no query."""
    page._cached_parent_obj = parent
