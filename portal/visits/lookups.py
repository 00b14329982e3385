"""The beacon's two lookups (which site, which live page), remembered in each process for a few seconds.

Every beacon needs them and they change rarely; asking the database each time cost two queries per beacon.
Changes made in this process clear the memory at once (signals in apps.py); other processes see them within
LOOKUP_SECONDS. A plain dict, not Django's local-memory cache: that one pickles, which cost a tenth of a beacon.
"""

import time

from django.http.request import split_domain_port
from wagtail.models import Page, Site

LOOKUP_SECONDS = 10
MAX_REMEMBERED = 20_000
_remembered: dict = {}  # key -> (expires at, value); None stands for "no such site or page"


def _lookup(key, find):
    now = time.monotonic()
    entry = _remembered.get(key)
    if entry is None or entry[0] < now:
        if len(_remembered) >= MAX_REMEMBERED:  # unknown page ids from a scanner must not grow it without end
            _remembered.clear()
        entry = _remembered[key] = (now + LOOKUP_SECONDS, find())
    return entry[1]


def site_for_request(request):
    host = split_domain_port(request.get_host())[0]
    return _lookup(("site", host, request.get_port()), lambda: Site.find_for_request(request))


def live_page_on_site(site, page_id: int):
    """The live page with this id if it belongs to ``site``, else None (another site's page, a draft, no page)."""
    page = _lookup(("page", page_id), lambda: Page.objects.live().filter(pk=page_id).only("id", "url_path").first())
    if page is None or not page.url_path.startswith(_lookup(("root", site.pk), lambda: site.root_page.url_path)):
        return None
    return page


def forget(**kwargs):
    _remembered.clear()


def forget_deleted(sender, instance, **kwargs):
    if isinstance(instance, (Page, Site)):
        _remembered.clear()
