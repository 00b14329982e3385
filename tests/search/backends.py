"""Every search backend the test database allows: tantivy and the in-memory fake always, PostgreSQL's own tables
on PostgreSQL.

The same contract tests run against each; the PostgreSQL run of the suite (make test) covers the third backend. In
CI with a PostgreSQL DATABASE_URL, a database that is not PostgreSQL fails the PostgreSQL run instead of skipping it.
"""

import os
from contextlib import contextmanager, nullcontext

import pytest
from django.db import connection

from portal.search.backends.memory import MemoryIndex
from portal.search.backends.postgres_index import PostgresIndex
from portal.search.backends.tantivy_index import TantivyIndex

POSTGRES_EXPECTED = connection.vendor == "postgresql" or (
    bool(os.environ.get("CI")) and os.environ.get("DATABASE_URL", "").startswith("postgres")
)
NAMES = ["tantivy", *(["postgresql"] if POSTGRES_EXPECTED else []), "memory"]


def open_index(name):
    """An empty index: tantivy or the fake in memory, or PostgreSQL temporary tables private to the test connection."""
    if name == "tantivy":
        return nullcontext(TantivyIndex())
    if name == "memory":
        return nullcontext(MemoryIndex())
    if connection.vendor != "postgresql":
        pytest.fail("the PostgreSQL backend must run here, but the test database is not PostgreSQL")
    return PostgresIndex.scratch()


@contextmanager
def filled_index(name, documents, django_db_blocker):
    with django_db_blocker.unblock(), open_index(name) as index:
        index.replace_all(documents)
        yield index


def backend_fixture(documents):
    """A module-scoped fixture: one filled index per backend, shared by the module's tests."""

    @pytest.fixture(scope="module", params=NAMES)
    def index(request, django_db_setup, django_db_blocker):
        with filled_index(request.param, documents, django_db_blocker) as filled:
            yield filled

    return index
