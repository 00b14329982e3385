"""Content generations: numbers in the shared cache that a change readers could see moves, part of the key of every
cached fragment and remembered lookup, so that nothing cached outlives the change it depends on.

There is one generation per scope: ``site:<id>`` for what one site shows (its pages, settings, and the images,
documents and departments they use), ``restrictions`` for the list of restricted pages, and ``shared`` for what
every site depends on (the Site records and their root paths, installation-wide data). What belongs to a site is
keyed by the shared generation and its own, so an edit on one site leaves every other site's entries warm
(invalidation.py says which change moves which scope; docs/caching.md the whole policy).

A generation is bumped at the change and again when it is committed, and for SETTLE_SECONDS after that, entries of
its scope are kept only SETTLE_LIFETIME seconds: a process that read the data just before the commit, or from a
read replica that lags (replica.py), may store an old answer under the new generation, and it must not live long.
Nothing is kept unless the cache is shared by all processes (PORTAL_FRAGMENT_CACHE_SECONDS is 0 otherwise).
"""

import contextvars
import functools
import hashlib
import time
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import compat

SHARED = "shared"
RESTRICTIONS = "restrictions"
SETTLE_SECONDS = 5
SETTLE_LIFETIME = 2


def site_scope(site_id) -> str:
    return f"site:{site_id}"


def generation_key(scope: str) -> str:
    return f"portal:generation:{scope}"


def bumped_at_key(scope: str) -> str:
    return f"portal:generation-bumped-at:{scope}"


@functools.cache
def release() -> str:
    """A digest of the code and templates that render fragments, part of every key: after an upgrade, fragments
    rendered by the old templates are not served under an unchanged generation."""
    return code_digest(Path(__file__).resolve().parent.parent, f"{django.__version__} {wagtail.__version__}")


def code_digest(folder: Path, versions: str) -> str:
    digest = hashlib.sha256(versions.encode())
    for source in sorted([*folder.rglob("*.html"), *folder.rglob("*.py")]):
        digest.update(str(source.relative_to(folder)).encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:12]


def lifetime() -> int:
    return settings.PORTAL_FRAGMENT_CACHE_SECONDS


# Within a request, each scope's (generation, bumped at) is read once and kept in a dict; outside one, None: a
# command or a test reads them afresh every time.
_request_generations = contextvars.ContextVar("portal_request_generations", default=None)


def current(*scopes: str) -> tuple[tuple[int, ...], int]:
    """(generations of SHARED and ``scopes``, lifetime of an entry made now): each read once per request."""
    if not lifetime():
        return (), 0
    wanted = (SHARED, *(scope for scope in scopes if scope != SHARED))
    held = _request_generations.get()
    found = dict(held) if held is not None else {}
    missing = [scope for scope in wanted if scope not in found]
    if missing:
        found.update(_read(*missing))
        if held is not None:
            held.update(found)
    now = time.time()
    settling = any(now - found[scope][1] < SETTLE_SECONDS for scope in wanted)
    return tuple(found[scope][0] for scope in wanted), SETTLE_LIFETIME if settling else lifetime()


def prefetch(*scopes: str):
    """Read ``scopes`` with SHARED in one round trip now, so that the request reads no generation again."""
    current(*scopes)


def _read(*scopes: str) -> dict[str, tuple[int, float]]:
    keys = [key for scope in scopes for key in (generation_key(scope), bumped_at_key(scope))]
    found = cache.get_many(keys)
    values = {}
    for scope in scopes:
        value = found.get(generation_key(scope))
        if value is None:
            # Start from the clock, so a cache that lost the key never returns to a number already used.
            cache.add(generation_key(scope), time.time_ns() // 1000, timeout=None)
            value = cache.get(generation_key(scope), 0)
        values[scope] = (value, found.get(bumped_at_key(scope), 0))
    return values


def _bump_now(scopes):
    held = _request_generations.get()
    for scope in scopes:
        if held:
            held.pop(scope, None)  # this request now reads the new generation
        try:
            cache.incr(generation_key(scope))
        except ValueError:  # not set yet (or evicted): start a new one
            _read(scope)
            cache.incr(generation_key(scope))
    cache.set_many({bumped_at_key(scope): time.time() for scope in scopes}, timeout=SETTLE_SECONDS * 2)


def bump(*scopes: str):
    """Content of ``scopes`` (SHARED if none) changed: bumped at once (this process sees its own change) and again
    at commit (others may have rendered the old data in between)."""
    if not lifetime():
        return
    scopes = frozenset(scopes or (SHARED,))
    _bump_now(scopes)
    # One bump at commit per transaction, however many pages it saves (an import saves thousands). Django drops
    # pending callbacks on rollback, so a rolled-back transaction leaves nothing behind.
    pending = compat.pending_on_commit(transaction.get_connection(), BumpAtCommit)
    if pending is not None:
        pending.scopes |= scopes
    else:
        transaction.on_commit(BumpAtCommit(scopes), robust=True)


class BumpAtCommit:
    """The one commit callback of a transaction: bumps every scope its changes touched."""

    def __init__(self, scopes):
        self.scopes = set(scopes)

    def __call__(self):
        _bump_now(self.scopes)


def request_started(**kwargs):
    _request_generations.set({})


def request_finished(**kwargs):
    _request_generations.set(None)
