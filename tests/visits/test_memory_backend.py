"""The in-memory fake beyond the shared contract: exact from many threads, and no database at all."""

import datetime
import threading
from types import SimpleNamespace

from django.utils import timezone

from portal.visits.backends.base import Figures, Visitor, Windows
from portal.visits.backends.memory import MemoryCounter
from portal.visits.history import MemoryHistory

WINDOWS = Windows(*(datetime.timedelta(minutes=30),) * 3)
SITE, PAGES = SimpleNamespace(pk=1), [SimpleNamespace(pk=10), SimpleNamespace(pk=11)]


def test_threads_count_exactly(settings):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 1000
    counter = MemoryCounter(WINDOWS, MemoryHistory({SITE.pk: 1000}))
    now = timezone.now()
    start = threading.Barrier(8)

    def send(number):
        start.wait()
        for visitor in [f"own-{number}-{n}" for n in range(50)] + [f"shared-{n}" for n in range(10)]:
            for page in PAGES:
                counter.record(SITE, page, Visitor(visitor, f"address-{number}"), now)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    visitors = 8 * 50 + 10
    assert counter.figures(SITE, PAGES[0], now) == counter.figures(SITE, PAGES[1], now)
    figures = counter.figures(SITE, PAGES[0], now)
    assert (figures.total, figures.current, figures.views) == (1000 + visitors, visitors, visitors)
    day = timezone.localdate(now)
    assert counter.history.days[SITE.pk, day] == {"visits": visitors, "views": 2 * visitors}


def test_it_needs_no_database():
    """No ``django_db`` mark: any query would raise."""
    counter = MemoryCounter(WINDOWS)
    counter.record(SITE, PAGES[0], Visitor("a", "a"), timezone.now())
    assert counter.figures(SITE, PAGES[0], timezone.now()) == Figures(1, 1, 1)
    counter.purge(timezone.now() + datetime.timedelta(hours=1))
    assert counter.figures(SITE, None, timezone.now()).current == 0  # purged with its windows
