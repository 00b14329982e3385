"""Search answers remembered in the shared cache, per site, until that site's content or search index changes.

Readers repeat searches: a news spike sends many of them to the same few words, and every results page after the
first is asked again by whoever pages on. A remembered answer (the results part of the page, or the API's
payload) is keyed by the site, what the search reads (the normalised query, filters and page number, never the raw
query string) and three generations: the installation's, the site's content (any edit on it) and the site's
search index (``index_sync`` moves it once changes reach the index, which is just after the commit that moved the
content one). So an edit on one site never cools another site's answers, and an answer never outlives the index
state of its site's documents. What every site shares (document frequencies, the words that restore diacritics)
may be older, by at most the entry's lifetime. docs/caching.md has the whole policy; PORTAL_SEARCH_ANSWERS=0
turns it off.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache

from portal.delivery import generations

KEY_PREFIX = "portal:search-answer"


def index_scope(site_id) -> str:
    """The generation scope of a site's documents in the search index."""
    return f"search:{site_id}"


def key_and_lifetime(kind: str, site_id: int, wanted: dict) -> tuple[str, int]:
    """The cache key of an answer of ``kind`` for ``wanted`` (JSON-able), and how long one made now may live."""
    numbers, lifetime = generations.current(generations.site_scope(site_id), index_scope(site_id))
    digest = hashlib.sha256(json.dumps(wanted, sort_keys=True, default=str).encode()).hexdigest()[:32]
    generation = "-".join(str(number) for number in numbers)
    return f"{KEY_PREFIX}:{kind}:{site_id}:{digest}:{generation}-{generations.release()}", lifetime


def remembered(kind: str, site_id: int, wanted: dict, compute):
    """The answer for ``wanted``, from the cache or ``compute()`` (then kept, when caching is on)."""
    key, lifetime = key_and_lifetime(kind, site_id, wanted)
    lifetime = lifetime if settings.PORTAL_SEARCH_ANSWERS else 0
    if lifetime:
        found = cache.get(key)
        if found is not None:
            return found
    answer = compute()
    if lifetime:
        cache.set(key, answer, lifetime)
    return answer


def index_changed(site_ids):
    """Documents of these sites changed in the search index: their remembered answers are stale."""
    scopes = [index_scope(site_id) for site_id in site_ids if site_id is not None]
    if scopes:
        generations.bump(*scopes)
