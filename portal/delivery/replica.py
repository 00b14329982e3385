"""Reads that may go to a PostgreSQL read replica, and the rest that must not (docs/deploy.md).

A streaming replica lags the primary by a moment, so only reads that can afford to be a moment old go there: those
of an anonymous reader's GET or HEAD request, the same requests nginx's micro-cache already answers a few seconds
stale. Everything else reads the primary: editors (anyone with a session cookie), every POST (the beacon and its
flush included), management commands, scheduled publishing, whatever runs inside a transaction, and the rest of any
request once it has written, so that nobody reads back an older version of what was just saved.

``ReplicaReadsMiddleware`` marks the requests that may use the replica; ``PrimaryReplicaRouter`` sends their reads
there. Outside a marked request the router answers "default", so forgetting the middleware costs only the replica.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})
# How the statements that change no row start; any other statement is taken for a write.
NOT_WRITES = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")

_replica_allowed: ContextVar[bool] = ContextVar("portal_replica_allowed", default=False)


def may_read_replica(request) -> bool:
    """An anonymous reader's GET or HEAD: no session cookie, so neither an editor nor anyone who has just posted."""
    return request.method in READ_ONLY_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _end_replica_reads_on_write(execute, sql, params, many, context):
    # Read-your-writes: once the request has written, the rest of it reads what it wrote. The router alone cannot
    # tell: Wagtail's site settings do a get_or_create on every page, a mere SELECT routed "for write".
    if not sql.lstrip()[:9].upper().startswith(NOT_WRITES):
        _replica_allowed.set(False)
    return execute(sql, params, many, context)


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_read_replica(request):
            return self.get_response(request)
        token = _replica_allowed.set(True)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_end_replica_reads_on_write):
                return self.get_response(request)
        finally:
            _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica_allowed.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica replays the primary's schema changes
