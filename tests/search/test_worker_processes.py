"""Several worker processes share one index: an edit committed anywhere is seen by every worker's next search."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.news.models import ArticlePage
from portal.search import index_sync
from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "PORTAL_SEARCH_INDEX_DIR": str(settings.PORTAL_SEARCH_INDEX_DIR),
            "PYTHONPATH": str(ROOT),
        }
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("search_worker.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def search(self, text):
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def workers(site_tree):
    started = [Worker(), Worker()]
    yield started
    for worker in started:
        worker.close()


def test_every_worker_sees_publish_and_unpublish(site_tree, workers, monkeypatch):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the SQLite test database must be a file so that worker processes can share it")
    _, _, category = site_tree
    article = category.add_child(instance=ArticlePage(title="Lịch tiếp công dân tháng 12", live=False))
    key = f"news.articlepage:{article.pk}"
    assert [w.search("tiep cong dan") for w in workers] == [[], []]

    # The editor's process publishes but does not get to apply the change (as if another held the writer lock).
    monkeypatch.setattr(index_sync, "apply_pending_quietly", lambda: None)
    article.save_revision().publish()
    assert [w.search("tiep cong dan") for w in workers] == [[key], [key]]

    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert [w.search("tiếp công dân") for w in workers] == [[], []]
