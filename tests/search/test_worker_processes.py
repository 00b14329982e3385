"""Several processes share one index: an edit committed anywhere is searchable from every process within 2 s.

The reader processes only read, as public searches do; the change is applied by the committing process right
after its commit, or else by ``manage.py search_worker``.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.news.models import ArticlePage
from portal.search import index_sync
from portal.search.models import SearchChange
from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
SEARCHABLE_WITHIN = 2.0  # seconds, from the commit


def process_env():
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_SEARCH_INDEX_DIR": str(settings.PORTAL_SEARCH_INDEX_DIR),
        "PYTHONPATH": str(ROOT),
    }


class Reader:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("search_worker.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=process_env(),
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


def start_search_worker():
    return subprocess.Popen(
        [sys.executable, "manage.py", "search_worker", "--verbosity", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=process_env(),
        cwd=ROOT,
    )


def seen_by_all(readers, text, expected):
    """Whether every reader finds ``expected`` within SEARCHABLE_WITHIN seconds; polls as a citizen would."""
    deadline = time.monotonic() + SEARCHABLE_WITHIN
    while True:
        if [reader.search(text) for reader in readers] == [expected] * len(readers):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.fixture
def readers(site_tree):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the SQLite test database must be a file so that worker processes can share it")
    started = [Reader(), Reader()]
    yield started
    for reader in started:
        reader.close()


def test_every_process_sees_publish_and_unpublish_after_commit(site_tree, readers):
    _, _, category = site_tree
    article = category.add_child(instance=ArticlePage(title="Lịch tiếp công dân tháng 12", live=False))
    key = f"news.articlepage:{article.pk}"
    assert [r.search("tiep cong dan") for r in readers] == [[], []]

    # Applied by this (the editor's) process right after the commit: every reader's next search has it.
    article.save_revision().publish()
    assert [r.search("tiep cong dan") for r in readers] == [[key], [key]]

    ArticlePage.objects.get(pk=article.pk).unpublish()
    assert [r.search("tiếp công dân") for r in readers] == [[], []]


def test_the_search_worker_applies_what_the_writer_left(site_tree, readers, monkeypatch):
    _, _, category = site_tree
    article = category.add_child(instance=ArticlePage(title="Lịch tiếp công dân tháng 12", live=False))
    key = f"news.articlepage:{article.pk}"
    worker = start_search_worker()
    try:
        assert worker.stdout.readline().startswith("Cập nhật chỉ mục")  # up and looking at the outbox
        # The editor's process does not get to apply its change (as if another held the writer lock), and the
        # readers' searches do not apply it either: the worker does.
        monkeypatch.setattr(index_sync, "apply_pending_quietly", lambda *args, **kwargs: 0)
        article.save_revision().publish()
        assert seen_by_all(readers, "tiep cong dan", [key])

        ArticlePage.objects.get(pk=article.pk).unpublish()
        assert seen_by_all(readers, "tiếp công dân", [])
        assert not SearchChange.objects.exists()
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            out, err = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            out, err = worker.communicate()
    assert worker.returncode == 0, err  # SIGTERM is a clean stop
    assert "Đã dừng." in out


def test_readers_do_not_apply_pending_changes(site_tree, readers, monkeypatch):
    _, _, category = site_tree
    monkeypatch.setattr(index_sync, "apply_pending_quietly", lambda *args, **kwargs: 0)
    article = category.add_child(instance=ArticlePage(title="Lịch tiếp công dân tháng 12", live=False))
    article.save_revision().publish()
    assert SearchChange.objects.exists()
    assert not seen_by_all(readers, "tiep cong dan", [f"news.articlepage:{article.pk}"])
    assert SearchChange.objects.exists()  # still pending: nobody but a writer or the worker applies it
