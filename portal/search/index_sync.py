"""One index per installation; the database stays the truth.

The index is tantivy's, on disk, with SQLite, and tables in the database itself with PostgreSQL
(``PORTAL_SEARCH_BACKEND``: ``auto``, ``tantivy`` or ``postgresql``). Writers (publish, unpublish, edit, move,
delete) record a ``SearchChange`` in the same transaction as the content. Any process that searches first applies
pending changes if it can take the index's writer lock (another
process holding it is applying them already), so every worker sees an edit within one request after it commits.
Re-applying a change is harmless: an upsert replaces the document by key.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from . import registry
from .backends.postgres_index import PostgresIndex
from .models import SearchChange

# tantivy (a 17 MB library) is imported only where it is used (index_dir, _tantivy_index): PostgreSQL installations
# never load it.
if TYPE_CHECKING:
    from .backends.tantivy_index import TantivyIndex

logger = logging.getLogger(__name__)
BUILT_FILE = "built"
BATCH = 2000

_lock = threading.Lock()
_state: dict[str, object] = {}


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
    if name not in ("tantivy", "postgresql"):
        raise ImproperlyConfigured(f"PORTAL_SEARCH_BACKEND không hợp lệ: {name!r} (auto, tantivy, postgresql).")
    return name


def get_index() -> TantivyIndex | PostgresIndex:
    with _lock:
        name = backend_name()
        where = (name, index_dir() if name == "tantivy" else None)
        if _state.get("where") != where:
            _state.clear()
            _state["where"] = where
            _state["index"] = PostgresIndex() if name == "postgresql" else _tantivy_index(where[1])
        return _state["index"]


def _tantivy_index(folder: Path) -> TantivyIndex:
    from .backends.tantivy_index import TantivyIndex

    return TantivyIndex(folder)


def reset_process_index():
    """Forget the open index (tests point PORTAL_SEARCH_INDEX_DIR elsewhere)."""
    with _lock:
        _state.clear()


def index_exists() -> bool:
    if backend_name() == "postgresql":
        return get_index().is_built()
    return (index_dir() / BUILT_FILE).exists()


def record_change(key: str):
    SearchChange.objects.create(key=key)
    # One attempt per transaction, however many changes it records (an import records thousands); a rolled-back
    # transaction drops the callback together with its changes.
    connection = transaction.get_connection()
    if not any(func is apply_pending_quietly for _, func, _ in connection.run_on_commit):
        transaction.on_commit(apply_pending_quietly)


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
    with index.writer() as writer:
        while changes := list(SearchChange.objects.order_by("id")[:BATCH]):
            upserts, deletes = documents_for_keys(dict.fromkeys(c.key for c in changes))
            index.write(writer, upserts, deletes)
            SearchChange.objects.filter(id__in=[c.id for c in changes]).delete()
            done += len(changes)
    return done


def apply_pending_quietly():
    try:
        apply_pending()
    except ValueError as exc:  # another process holds the writer lock and is applying them
        logger.info("Search index busy, changes left to the process that holds it: %s", exc)


def ensure_current():
    """Called before each search: see other processes' commits, apply what nobody has applied yet."""
    index = get_index()
    index.refresh()
    apply_pending_quietly()
    return index


def rebuild(progress=None) -> int:
    """Re-index every document of every source from the database."""
    # Changes visible now are covered by the rebuild; any that commit later stay pending and are applied after.
    covered = list(SearchChange.objects.values_list("id", flat=True))

    def documents():
        for source in registry.sources():
            for document in source.all_documents():
                if progress is not None:
                    progress.update(1)
                yield document

    count = get_index().replace_all(documents())
    SearchChange.objects.filter(id__in=covered).delete()
    if backend_name() == "tantivy":
        (index_dir() / BUILT_FILE).touch()
    return count
