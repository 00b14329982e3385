"""What every public request looks up and only an editor's change alters (the site of a host name, the page of a
URL and the page itself, the site settings, whether any page is restricted, page URLs), remembered in each process
for one content generation.

An entry is valid while the content generation (portal/core/fragments.py) is the one it was computed under, so a
change made in any process is seen by every process at its next request, as fragments are; during the settle
window after a change an entry lives only SETTLE_LIFETIME seconds, for the same reason as fragments (a read that
raced the commit, or a lagging replica). Without a shared cache there is no shared generation and nothing is kept.

A plain dict rather than Django's local-memory cache, which pickles every value (values here are model instances,
and pickling them costs as much as the query saved). Callers get the instance that is kept, so they must treat it
as read-only: ``copy.copy`` it before setting attributes on it.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings

from . import fragments

# Each space is bounded on its own: small answers (sites, routes, settings, URLs) and whole pages, which weigh
# about a hundred times more and of which only the ones read most need to stay (the stories of a news spike).
LIMITS = {"answers": "PORTAL_MEMO_ENTRIES", "pages": "PORTAL_MEMO_PAGES"}
# key -> (generation, expires at, value), least recently used first
_spaces: dict[str, OrderedDict] = {space: OrderedDict() for space in LIMITS}
_lock = threading.Lock()


def remember(key, compute, keep_none=True, space="answers"):
    """``compute()``'s value for ``key`` under the current content generation (None kept only if ``keep_none``)."""
    generation, lifetime = fragments.current()
    if not lifetime:
        return compute()
    entries = _spaces[space]
    now = time.monotonic()
    with _lock:
        entry = entries.get(key)
        if entry is not None and entry[0] == generation and entry[1] > now:
            entries.move_to_end(key)
            return entry[2]
    value = compute()
    if value is None and not keep_none:
        return value
    with _lock:
        entries[key] = (generation, now + lifetime, value)
        entries.move_to_end(key)
        while len(entries) > getattr(settings, LIMITS[space]):
            entries.popitem(last=False)
    return value


def forget_all():
    with _lock:
        for entries in _spaces.values():
            entries.clear()
