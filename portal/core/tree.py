"""Page-tree filters that use the index on ``path`` on every database.

Wagtail's ``descendant_of`` is ``path LIKE 'prefix%'``. SQLite's LIKE is case-insensitive, so it never uses the
index, and a large category is counted by scanning every page. Materialised paths are fixed-width base-36 steps,
so the descendants of a page are exactly the paths between its own path and the path of its next possible
sibling, a range any B-tree index answers.
"""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from wagtail.models import Page, PageViewRestriction

from . import lookups


def next_sibling_path(path: str) -> str | None:
    """The smallest path greater than every descendant of ``path`` (None past the last possible sibling)."""
    step = Page._str2int(path[-Page.steplen :]) + 1
    if step >= len(Page.alphabet) ** Page.steplen:
        return None
    return path[: -Page.steplen] + Page._int2str(step).rjust(Page.steplen, Page.alphabet[0])


def descendants_q(page, prefix="") -> Q:
    """Q for the strict descendants of ``page`` (``prefix`` reaches the page fields through a relation)."""
    upper = next_sibling_path(page.path)
    if upper is None:
        return Q(**{f"{prefix}path__startswith": page.path, f"{prefix}depth__gt": page.depth})
    return Q(**{f"{prefix}path__gt": page.path, f"{prefix}path__lt": upper})


def ancestor_paths(path: str, inclusive=False) -> list[str]:
    """Paths of the ancestors of the page at ``path``, root first (and its own last, if ``inclusive``)."""
    end = len(path) + 1 if inclusive else len(path)
    return [path[:length] for length in range(Page.steplen, end, Page.steplen)]


def child_paths(page) -> RawSQL:
    """The paths of the children of ``page``, for ``path__in``: one index probe per child, none per grandchild.

    Filtering on ``depth`` (Wagtail's ``child_of``, ``children_q``) reads the whole subtree, since depth is not
    indexed: the children of a home page are a dozen rows among every article of the site. Instead, jump from
    each child past its subtree to the next child: appending "~", above every character of Wagtail's path
    alphabet, bounds a subtree under the byte-wise collation Wagtail gives ``path`` on PostgreSQL and under
    SQLite's default one.
    """
    table = connection.ops.quote_name(Page._meta.db_table)
    sql = (
        f"WITH RECURSIVE child(path) AS ("  # noqa: S608  (the table name is the model's; values are parameters)
        f" SELECT MIN(page.path) FROM {table} page WHERE page.path > %s AND page.path < %s"
        f" UNION ALL"
        f" SELECT (SELECT MIN(page.path) FROM {table} page WHERE page.path > child.path || '~' AND page.path < %s)"
        f" FROM child WHERE child.path IS NOT NULL"
        f") SELECT path FROM child WHERE path IS NOT NULL"
    )
    end = page.path + "~"
    return RawSQL(sql, (page.path, end, end))  # noqa: S611  (see above)


def children_q(page, prefix="") -> Q:
    """Q for the children of ``page`` as a path range, for parents whose subtree is mostly children."""
    return descendants_q(page, prefix) & Q(**{f"{prefix}depth": page.depth + 1})


def restricted_paths() -> tuple[str, ...]:
    """Paths of the pages under a view restriction (their subtrees are private), remembered until one changes."""
    return lookups.remember(("restricted-paths",), _read_restricted_paths, depends_on=lookups.VIEW_RESTRICTIONS)


def _read_restricted_paths() -> tuple[str, ...]:
    restricted_ids = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    if not restricted_ids:
        return ()
    return tuple(Page.objects.filter(pk__in=restricted_ids).values_list("path", flat=True))


def public_q(prefix="", within=None) -> Q:
    """Q excluding pages under a view restriction (Wagtail's ``public()`` without its per-call join).

    ``public()`` joins page view restrictions to pages on every call, even with no restriction at all. Most
    portals have none, so ask for the ids first. With ``within``, only restrictions strictly below that page
    count (Wagtail has already checked the page's own and its ancestors').
    """
    private = Q()
    for path in restricted_paths():
        # A listing of a restricted page is only served to readers allowed in: its own restriction is met.
        if within is not None and not (path.startswith(within.path) and path != within.path):
            continue
        private |= Q(**{f"{prefix}path__startswith": path})
    return ~private if private else Q()


def menu_pages(home, model=Page):
    """The live, public children of a site's home page shown in its menu, in tree order."""
    if home is None:
        return model.objects.none()
    return model.objects.filter(path__in=child_paths(home)).live().filter(public_q()).in_menu().order_by("path")
