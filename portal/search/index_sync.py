"""One index per installation; the database stays the truth.

The index is tantivy's, on disk, with SQLite, and tables in the database itself with PostgreSQL
(``PORTAL_SEARCH_BACKEND``: ``auto``, ``tantivy``, ``postgresql``, or ``memory`` for unit tests). Writers (publish,
unpublish, edit, move, delete) record a ``SearchChange`` in the same transaction as the content, and apply the
pending changes right after it commits, in their own process; ``manage.py search_worker`` applies whatever is left
(a writer that found the index busy, a process that died between commit and apply). Readers only refresh their
view of the index: a search never takes the writer lock and never writes. Re-applying a change is harmless: an
upsert replaces the document by key.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from wagtail.models import Site

from portal.delivery import compat

from . import answers, registry
from .backends.base import SearchIndex, WriterBusy
from .backends.memory import MemoryIndex
from .backends.postgres_index import PostgresIndex
from .models import SearchChange

# tantivy (a large compiled library) is imported only where it is used (index_dir, _tantivy_index): PostgreSQL
# installations never load it.
if TYPE_CHECKING:
    from .backends.tantivy_index import TantivyIndex

logger = logging.getLogger(__name__)
BATCH = 2000
BACKENDS = ("tantivy", "postgresql", "memory")
# After a commit, a writer that finds the index busy tries again for this long: the process holding the writer may
# have read the outbox just before this commit. What is still left is the worker's.
BUSY_RETRY_SECONDS = 1.0
BUSY_PAUSE = 0.05

_lock = threading.Lock()
_state: dict[str, object] = {}
_NOTHING_YET = MemoryIndex()  # what readers search before any process has created the tantivy index


def index_dir() -> Path:
    from .backends.tantivy_index import SCHEMA_VERSION

    # A new schema gets a new folder: an upgrade then runs rebuild_search_index instead of failing to open.
    return Path(settings.PORTAL_SEARCH_INDEX_DIR) / f"v{SCHEMA_VERSION}"


def backend_name() -> str:
    name = settings.PORTAL_SEARCH_BACKEND
    if name == "auto":
        return "postgresql" if connection.vendor == "postgresql" else "tantivy"
    if name == "postgresql" and connection.vendor != "postgresql":
        raise ImproperlyConfigured("PORTAL_SEARCH_BACKEND=postgresql cần cơ sở dữ liệu PostgreSQL.")
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"PORTAL_SEARCH_BACKEND không hợp lệ: {name!r} (auto, {', '.join(BACKENDS)}).")
    return name


def get_index() -> SearchIndex:
    """The installation's index, opened (on tantivy: created if missing) once per process. For writers."""
    with _lock:
        name = backend_name()
        where = (name, index_dir() if name == "tantivy" else None)
        if _state.get("where") != where:
            _state.clear()
            _state["where"] = where
            if name == "tantivy":
                _state["index"] = _tantivy_index(where[1])
            else:
                _state["index"] = PostgresIndex() if name == "postgresql" else MemoryIndex()
        return _state["index"]


def searchable_index() -> SearchIndex:
    """The index for a search, showing every commit so far; never writes, never takes the writer lock."""
    where = ("tantivy", index_dir()) if backend_name() == "tantivy" else None
    if where and _state.get("where") != where and not _tantivy_index_class().exists_at(where[1]):
        return _NOTHING_YET  # opening would create it: that is a writer's job
    index = get_index()
    index.refresh()
    return index


def _tantivy_index_class() -> type[TantivyIndex]:
    from .backends.tantivy_index import TantivyIndex

    return TantivyIndex


def _tantivy_index(folder: Path) -> TantivyIndex:
    return _tantivy_index_class()(folder)


def reset_process_index():
    """Forget the open index (tests point PORTAL_SEARCH_INDEX_DIR elsewhere)."""
    with _lock:
        _state.clear()


def index_exists() -> bool:
    return get_index().is_built()


def record_change(key: str):
    """Record a change in the current transaction; the index applies it as soon as the transaction commits."""
    SearchChange.objects.create(key=key)
    # One apply per transaction, however many changes it records (an import records thousands); a rolled-back
    # transaction drops the callback together with its changes.
    if compat.pending_on_commit(transaction.get_connection(), ApplyAtCommit) is None:
        transaction.on_commit(ApplyAtCommit())


class ApplyAtCommit:
    """The on-commit work of a transaction that recorded search changes."""

    def __call__(self):
        apply_pending_quietly()


def documents_for_keys(keys):
    upserts, deletes = [], []
    by_source: dict = {}
    for key in keys:
        source, pk = registry.split_key(key)
        if source is None:
            deletes.append(key)
        else:
            by_source.setdefault(source, []).append(pk)
    for source, pks in by_source.items():
        documents = source.documents_for(list(source.objects_by_pk(pks).values()))
        for pk in pks:
            document = documents.get(pk)
            if document is None:
                deletes.append(registry.make_key(source, pk))
            else:
                upserts.append(document)
    return upserts, deletes


def apply_pending() -> int:
    """Apply every pending change; returns how many were applied.

    The writer lock is taken before the changes are read, so two processes never write documents built from
    different moments. Exactly the rows applied are deleted: a change whose transaction commits late (ids are
    handed out at insert, not at commit) is still pending afterwards, never skipped.
    """
    if not SearchChange.objects.exists():
        return 0
    index = get_index()
    done = 0
    sites = set()
    with index.writer() as writer:
        while changes := list(SearchChange.objects.order_by("id")[:BATCH]):
            upserts, deletes = documents_for_keys(dict.fromkeys(c.key for c in changes))
            # Readers of the sites the documents were on (a delete, a move) and are on now see a change.
            sites |= index.sites_of([document.key for document in upserts] + deletes)
            sites.update(document.site_id for document in upserts)
            index.write(writer, upserts, deletes)
            SearchChange.objects.filter(id__in=[c.id for c in changes]).delete()
            done += len(changes)
    answers.index_changed(sites)
    return done


def apply_pending_quietly(retry_seconds: float = BUSY_RETRY_SECONDS) -> int:
    """``apply_pending``, trying again for a moment while another process holds the writer; 0 if it still does."""
    deadline = time.monotonic() + retry_seconds
    while True:
        try:
            return apply_pending()
        except WriterBusy as exc:
            if time.monotonic() >= deadline:
                logger.info("Search index busy, changes left to the process that holds it or the worker: %s", exc)
                return 0
            time.sleep(BUSY_PAUSE)


def rebuild(progress=None) -> int:
    """Re-index every document of every source from the database."""
    # Changes visible now are covered by the rebuild; any that commit later stay pending and are applied after.
    covered = list(SearchChange.objects.values_list("id", flat=True))
    sites = set()

    def documents():
        for source in registry.sources():
            for document in source.all_documents():
                if progress is not None:
                    progress.update(1)
                sites.add(document.site_id)
                yield document

    count = get_index().replace_all(documents())
    SearchChange.objects.filter(id__in=covered).delete()
    # Every site: one that has no document any more had answers too.
    answers.index_changed(sites | set(Site.objects.values_list("pk", flat=True)))
    return count
