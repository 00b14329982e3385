"""Every search backend the test database allows: tantivy always, PostgreSQL's own tables on PostgreSQL.

The same index tests run against each; the PostgreSQL run of the suite (make test) covers the second backend.
"""

from contextlib import contextmanager, nullcontext

import pytest
from django.db import connection

from portal.search.backends.postgres_index import PostgresIndex
from portal.search.backends.tantivy_index import TantivyIndex

NAMES = ["tantivy", *(["postgresql"] if connection.vendor == "postgresql" else [])]


def open_index(name):
    """An empty index: tantivy in memory, or PostgreSQL temporary tables private to the test connection."""
    return nullcontext(TantivyIndex()) if name == "tantivy" else PostgresIndex.scratch()


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
