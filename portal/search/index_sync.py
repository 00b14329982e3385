"""One index per installation, on disk; the database stays the truth.

Writers (publish, unpublish, edit, move, delete) record a ``SearchChange`` in the same transaction as the
content. Any process that searches first applies pending changes if it can take tantivy's writer lock (another
process holding it is applying them already), so every worker sees an edit within one request after it commits.
Re-applying a change is harmless: an upsert replaces the document by key.
"""

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from . import registry
from .backends.tantivy_index import SCHEMA_VERSION, TantivyIndex
from .models import SearchChange

logger = logging.getLogger(__name__)
APPLIED_FILE = "applied-change-id"
BATCH = 2000

_lock = threading.Lock()
_state: dict[str, object] = {}


def index_dir() -> Path:
    # A new schema gets a new folder: an upgrade then runs rebuild_search_index instead of failing to open.
    return Path(settings.PORTAL_SEARCH_INDEX_DIR) / f"v{SCHEMA_VERSION}"


def get_index() -> TantivyIndex:
    with _lock:
        if _state.get("dir") != index_dir():
            _state.clear()
            _state["dir"] = index_dir()
            _state["index"] = TantivyIndex(index_dir())
        return _state["index"]


def reset_process_index():
    """Forget the open index (tests point PORTAL_SEARCH_INDEX_DIR elsewhere)."""
    with _lock:
        _state.clear()


def read_applied() -> int:
    try:
        return int((index_dir() / APPLIED_FILE).read_text())
    except (FileNotFoundError, ValueError):
        return 0


def index_exists() -> bool:
    return (index_dir() / APPLIED_FILE).exists()


def write_applied(change_id: int):
    target = index_dir() / APPLIED_FILE
    temporary = target.with_suffix(".tmp")
    temporary.write_text(str(change_id))
    temporary.replace(target)


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
    """Apply changes recorded since the index's last applied id; returns how many were applied."""
    index = get_index()
    applied = read_applied()
    latest = SearchChange.objects.aggregate(latest=Max("id"))["latest"] or 0
    if latest <= applied:
        return 0
    done = 0
    while applied < latest:
        changes = list(SearchChange.objects.filter(id__gt=applied, id__lte=latest).order_by("id")[:BATCH])
        if not changes:
            break
        upserts, deletes = documents_for_keys(dict.fromkeys(c.key for c in changes))
        index.upsert_and_delete(upserts, deletes)
        applied = changes[-1].id
        write_applied(applied)
        done += len(changes)
    # Every process shares this index, so what it has applied is no longer needed by anyone.
    SearchChange.objects.filter(id__lte=applied).delete()
    return done


def apply_pending_quietly():
    try:
        apply_pending()
    except ValueError as exc:  # tantivy: another process holds the writer lock and is applying them
        logger.info("Search index busy, changes left to the process that holds it: %s", exc)


def ensure_current():
    """Called before each search: see other processes' commits, apply what nobody has applied yet."""
    index = get_index()
    index.index.reload()
    apply_pending_quietly()
    return index


def rebuild(progress=None) -> int:
    """Re-index every document of every source from the database."""
    latest = SearchChange.objects.aggregate(latest=Max("id"))["latest"] or 0

    def documents():
        for source in registry.sources():
            for document in source.all_documents():
                if progress is not None:
                    progress.update(1)
                yield document

    count = get_index().replace_all(documents())
    write_applied(latest)
    return count
