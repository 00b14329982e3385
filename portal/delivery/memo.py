"""What every public request looks up and only an editor's change alters (the site of a host name, the route of a
URL and the page itself, the site settings, the restricted pages, page URLs), remembered in each process for the
content generations it depends on (generations.py).

An entry is valid while the generations of its scopes are the ones it was computed under, so a change made in any
process is seen by every process at its next request; during the settle window after a change an entry lives only
SETTLE_LIFETIME seconds. Without a shared cache there is no shared generation and nothing is kept; setting
PORTAL_MEMO=False (env PORTAL_MEMO=0) turns it off alone.

A plain dict rather than Django's local-memory cache, which pickles every value. Values are kept immutable: a model
instance is kept as a snapshot of its field values (and of the related instances it had loaded), and every read
builds a fresh instance from it, so no caller can change what the next one reads.
"""

import copy
import json
import threading
import time
from collections import OrderedDict
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from portal.core import lookups

from . import compat, generations

# Each space is bounded on its own: small answers (sites, routes, settings, URLs) and whole pages, which weigh
# about a hundred times more and of which only the ones read most need to stay (the stories of a news spike).
LIMITS = {"answers": "PORTAL_MEMO_ENTRIES", "pages": "PORTAL_MEMO_PAGES"}
# key -> (generations, expires at, frozen value), least recently used first
_spaces: dict[str, OrderedDict] = {space: OrderedDict() for space in LIMITS}
_lock = threading.Lock()

IMMUTABLE = (str, int, float, bool, bytes, type(None), date, datetime, timedelta, Decimal, UUID, type)


class Snapshot:
    """A model instance as field values: ``thaw()`` builds a new, unsaved-changes-free instance every time."""

    __slots__ = ("model", "db", "attnames", "values", "related")

    def __init__(self, instance, depth=0):
        self.model = type(instance)
        self.db = instance._state.db
        fields = self.model._meta.concrete_fields
        self.attnames = tuple(field.attname for field in fields)
        self.values = tuple(_freeze_field(field, getattr(instance, field.attname)) for field in fields)
        # The related instances it had loaded, one level down (a site's root page, settings' site): what callers use.
        loaded = compat.loaded_relations(instance).items() if depth < 1 else ()
        self.related = tuple(
            (name, Snapshot(value, depth + 1) if isinstance(value, models.Model) else value)
            for name, value in loaded
            if value is None or isinstance(value, models.Model)
        )

    @property
    def pk(self):
        return self.values[self.attnames.index(self.model._meta.pk.attname)]

    def thaw(self):
        instance = self.model.from_db(self.db, self.attnames, [_thaw_field(value) for value in self.values])
        for name, value in self.related:
            compat.set_loaded_relation(instance, name, value.thaw() if isinstance(value, Snapshot) else value)
        return instance


class _Prepared:
    """A mutable field value (a StreamField's blocks, JSON) kept in its database form, read back per instance."""

    __slots__ = ("field", "value")

    def __init__(self, field, value):
        self.field = field
        if hasattr(field, "stream_block"):  # as JSON text: each read parses its own blocks, as a query's does
            self.value = json.dumps(field.get_prep_value(value), cls=DjangoJSONEncoder)
        else:
            self.value = copy.deepcopy(value)

    def read(self):
        if hasattr(self.field, "stream_block"):
            return self.field.to_python(self.value)
        return copy.deepcopy(self.value)


def _freeze_field(field, value):
    return value if isinstance(value, IMMUTABLE) else _Prepared(field, value)


def _thaw_field(value):
    return value.read() if isinstance(value, _Prepared) else value


def freeze(value):
    """``value`` as kept: model instances as snapshots, lists as tuples; other values must be immutable."""
    if isinstance(value, models.Model):
        return Snapshot(value)
    if type(value) in (list, tuple):  # a named tuple is kept as it is
        return tuple(freeze(item) for item in value)
    return value


def thaw(value):
    if isinstance(value, Snapshot):
        return value.thaw()
    if isinstance(value, tuple) and any(isinstance(item, Snapshot) for item in value):
        return tuple(thaw(item) for item in value)
    return value


def enabled() -> bool:
    return getattr(settings, "PORTAL_MEMO", True)


def remember(key, compute, *, scopes=(), keep_none=True, space="answers"):
    """``compute()``'s value for ``key`` under the current generations of SHARED and ``scopes`` (None kept only if
    ``keep_none``); a model instance comes back as a fresh copy at every call."""
    generation, lifetime = generations.current(*scopes)
    if not lifetime or not enabled():
        return compute()
    entries = _spaces[space]
    now = time.monotonic()
    with _lock:
        entry = entries.get(key)
        if entry is not None and entry[0] == generation and entry[1] > now:
            entries.move_to_end(key)
            return thaw(entry[2])
    value = compute()
    if value is None and not keep_none:
        return value
    frozen = freeze(value)
    with _lock:
        entries[key] = (generation, now + lifetime, frozen)
        entries.move_to_end(key)
        while len(entries) > getattr(settings, LIMITS[space]):
            entries.popitem(last=False)
    return value  # computed for this caller alone: what is kept is the snapshot


def last_known_pk(key, space="answers"):
    """The primary key of the instance last remembered for ``key`` whatever its generation (a hint, never an
    answer), or None."""
    with _lock:
        entry = _spaces[space].get(key)
    return entry[2].pk if entry is not None and isinstance(entry[2], Snapshot) else None


def forget_all():
    with _lock:
        for entries in _spaces.values():
            entries.clear()


def scopes_of(depends_on) -> tuple[str, ...]:
    """The generation scopes of a core lookup's dependency (portal/core/lookups.py)."""
    if depends_on == lookups.INSTALLATION:
        return ()
    if depends_on == lookups.VIEW_RESTRICTIONS:
        return (generations.RESTRICTIONS,)
    return (generations.site_scope(depends_on),)


def remember_lookup(key, compute, *, depends_on=lookups.INSTALLATION):
    """Core's lookups, remembered here (installed by apps.py)."""
    return remember(key, compute, scopes=scopes_of(depends_on))
