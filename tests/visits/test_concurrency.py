"""Exact under concurrency: 8 processes send beacons through the WSGI application at once, on this run's database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from portal.visits.models import DailyVisits, PageViews, RecentVisitor, SiteVisitCounter
from tests.factories import make_article
from tests.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
OWN_VISITORS = 6  # per process
SHARED_VISITORS = 4  # the same readers hitting every process at once: the races that matter


def run_workers(pages, extra_env, *one_address) -> list[int]:
    """Start PROCESSES beacon workers at once on this run's database; their counts of non-200 answers."""
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": str(ROOT), **extra_env}
    command = [sys.executable, str(Path(__file__).with_name("beacon_worker.py")), ",".join(str(p.pk) for p in pages)]
    workers = [
        subprocess.Popen(
            [*command, str(OWN_VISITORS), str(SHARED_VISITORS), str(number), *one_address],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for number in range(PROCESSES)
    ]
    return [int(worker.communicate(timeout=300)[0].strip()) for worker in workers]


def test_eight_processes_count_exactly(site_tree):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.fail("the SQLite test database must be a file so that worker processes can share it")
    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=1000)
    pages = [make_article(category, title=f"Tin số {n}") for n in range(2)]
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("beacon_worker.py")),
                ",".join(str(p.pk) for p in pages),
                str(OWN_VISITORS),
                str(SHARED_VISITORS),
                str(number),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for number in range(PROCESSES)
    ]
    failures = [int(worker.communicate(timeout=300)[0].strip()) for worker in workers]
    assert failures == [0] * PROCESSES
    visitors = PROCESSES * OWN_VISITORS + SHARED_VISITORS
    assert SiteVisitCounter.objects.get(site=site).total == 1000 + visitors
    assert RecentVisitor.objects.filter(page__isnull=True).count() == visitors  # current visitors
    for page in pages:
        assert PageViews.objects.get(page=page, day__isnull=True).views == visitors
    day = DailyVisits.objects.get(site=site)
    assert (day.visits, day.views) == (visitors, visitors * len(pages))
