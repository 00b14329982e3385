import os

import pytest
from django.db import connection

from tests.factories import make_category, make_site
from tests.search.commits import search_follows_uncommitted_test_writes  # noqa: F401  (an autouse fixture)


@pytest.fixture(autouse=True, scope="session")
def _report_database(django_db_setup, django_db_blocker):
    # A PostgreSQL run must really be on PostgreSQL: a misread DATABASE_URL would silently test SQLite twice.
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"
    yield


@pytest.fixture
def site_tree(db):
    """One Site with a home page and the seed's category."""
    site, home = make_site()
    category = make_category(home)
    return site, home, category


@pytest.fixture(autouse=True)
def _forget_remembered_answers():
    """A test's rollback sends no signal, so what a process remembered (portal/delivery/memo.py) must not leak into the
    next test, which may reuse the same ids on SQLite."""
    from portal.delivery import memo

    memo.forget_all()
    yield


@pytest.fixture(autouse=True)
def _fresh_search_index(tmp_path, settings):
    """Every test gets its own empty search index directory."""
    from portal.search import index_sync

    settings.PORTAL_SEARCH_INDEX_DIR = tmp_path / "search-index"
    index_sync.reset_process_index()
    yield
    index_sync.reset_process_index()
