"""Most tests run inside one transaction that never commits, so the index's on-commit work never runs in them.

Before each request such a test makes, the search changes it recorded are applied as if its writes had committed.
Tests of the commit path itself (test_index_follows_content, test_worker_processes, test_no_writes_on_search) use
real transactions, where this does nothing.
"""

import pytest
from django.core.signals import request_started
from django.db import connection

from portal.search import index_sync


def _apply_as_committed(**kwargs):
    if connection.in_atomic_block:
        index_sync.apply_pending()


class AsCommitted:
    DISPATCH_UID = "tests-search-as-committed"

    def start(self):
        request_started.connect(_apply_as_committed, dispatch_uid=self.DISPATCH_UID)

    def pause(self):
        """For a test that cuts the database off: its requests must meet the failure, not this hook."""
        request_started.disconnect(dispatch_uid=self.DISPATCH_UID)


@pytest.fixture(autouse=True)
def search_follows_uncommitted_test_writes():
    hook = AsCommitted()
    hook.start()
    yield hook
    hook.pause()
