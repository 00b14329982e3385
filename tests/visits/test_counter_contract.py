"""One contract, every counter backend (portal/visits/backends/base.py): the database, Redis and the in-memory fake
count by the same definitions and answer a reader alike.

Windows are short so that Redis, which expires its keys by its own clock, can be tested for real; the database and
the fake take the moment as an argument, so their clock is moved instead of waited for.
"""

import datetime
import time
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.visits import counting
from portal.visits.backends.base import Counter, Figures, Visitor, Windows
from portal.visits.backends.db import DatabaseCounter
from portal.visits.backends.memory import MemoryCounter
from portal.visits.history import DatabaseHistory, MemoryHistory
from portal.visits.models import SiteVisitCounter
from tests.factories import make_article, make_category, make_site

from .test_redis_backend import REDIS_URL, delete_keys, require_redis

pytestmark = pytest.mark.django_db
START = 8_627_271  # a legacy portal's published total
WINDOWS = Windows(
    visit=datetime.timedelta(seconds=2),
    view=datetime.timedelta(seconds=2),
    current=datetime.timedelta(milliseconds=1600),
)
AFTER_THE_VISIT_WINDOW = WINDOWS.visit + datetime.timedelta(milliseconds=500)


class FakeClock:
    def __init__(self):
        self.moment = timezone.now()

    def now(self):
        return self.moment

    def advance(self, delta):
        self.moment += delta


class RealClock:
    """Redis expires visits and views by its own clock: time must really pass."""

    def now(self):
        return timezone.now()

    def advance(self, delta):
        time.sleep(delta.total_seconds())


@pytest.fixture(params=["db", "redis", "memory"])
def backend(request):
    """(counter, clock) for each backend; Redis gets a key prefix of its own."""
    if request.param == "db":
        yield DatabaseCounter(WINDOWS, DatabaseHistory()), FakeClock()
    elif request.param == "memory":
        yield MemoryCounter(WINDOWS, MemoryHistory()), FakeClock()
    else:
        require_redis()
        prefix = f"test:visits:{uuid.uuid4().hex}"
        try:
            yield counting.redis_counter(WINDOWS, REDIS_URL, prefix), RealClock()
        finally:
            delete_keys(prefix)


@pytest.fixture
def counter(backend) -> Counter:
    return backend[0]


@pytest.fixture
def clock(backend):
    return backend[1]


def start_at(counter, site, total):
    """Give ``site`` the total it carried over from a legacy portal, where this backend's history keeps it."""
    if isinstance(counter.history, MemoryHistory):
        counter.history.starting_totals[site.pk] = total
    else:
        SiteVisitCounter.objects.update_or_create(site=site, defaults={"starting_total": total})


@pytest.fixture
def site(site_tree, counter):
    start_at(counter, site_tree[0], START)
    return site_tree[0]


@pytest.fixture
def article(site_tree, site):
    return make_article(site_tree[2], title="Tập huấn bình đẳng giới")


@pytest.fixture
def other_article(site_tree, site):
    return make_article(site_tree[2], title="Lịch tiếp công dân")


def reader(name, address="203.0.113.7"):
    return Visitor(key=f"visitor-{name}", address=f"address-{address}")


def test_every_backend_is_a_counter(counter):
    assert isinstance(counter, Counter)


def test_a_first_view_counts_one_visit_and_one_view(counter, clock, site, article):
    assert counter.record(site, article, reader("a"), clock.now()) == Figures(START + 1, 1, 1, counted=True)


def test_the_starting_total_is_shown_before_any_beacon(counter, clock, site, article):
    assert counter.figures(site, article, clock.now()) == Figures(START, 0, 0)
    assert counter.figures(site, None, clock.now()) == Figures(START, 0, 0)


def test_repeats_within_the_windows_count_nothing_more_and_after_them_they_do(counter, clock, site, article):
    counter.record(site, article, reader("a"), clock.now())
    for _ in range(3):
        again = counter.record(site, article, reader("a"), clock.now())
    assert again == Figures(START + 1, 1, 1, counted=True)
    clock.advance(AFTER_THE_VISIT_WINDOW)
    assert counter.record(site, article, reader("a"), clock.now()) == Figures(START + 2, 1, 2, counted=True)


def test_current_visitors_are_those_seen_in_the_current_window(counter, clock, site, article):
    counter.record(site, article, reader("a"), clock.now())
    clock.advance(datetime.timedelta(seconds=1))
    assert counter.record(site, article, reader("b"), clock.now()).current == 2
    clock.advance(datetime.timedelta(seconds=1))
    assert counter.record(site, article, reader("c"), clock.now()).current == 2  # a has left, b and c are here
    assert counter.figures(site, None, clock.now()).current == 2


def test_one_visit_can_view_several_pages(counter, clock, site, article, other_article):
    counter.record(site, article, reader("a"), clock.now())
    second = counter.record(site, other_article, reader("a"), clock.now())
    assert second == Figures(START + 1, 1, 1, counted=True)
    assert counter.figures(site, article, clock.now()).views == 1


def test_an_address_brings_at_most_the_bound_of_new_visitors(counter, clock, site, article, other_article, settings):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 3
    answers = [counter.record(site, article, reader(n), clock.now()) for n in range(4)]
    assert [answer.counted for answer in answers] == [True, True, True, False]
    assert answers[-1] == Figures(START + 3, 3, 3, counted=False)  # refused, still answered with the figures
    # A visitor counted before the bound keeps counting; the refused one counts nothing anywhere.
    assert counter.record(site, other_article, reader(0), clock.now()) == Figures(START + 3, 3, 1, counted=True)
    assert counter.record(site, other_article, reader(3), clock.now()) == Figures(START + 3, 3, 1, counted=False)
    # Another address has slots of its own.
    elsewhere = counter.record(site, other_article, reader(3, address="198.51.100.9"), clock.now())
    assert elsewhere == Figures(START + 4, 4, 2, counted=True)


def test_another_sites_counts_are_its_own(counter, clock, site, article):
    other_site, other_home = make_site(hostname="xa-binh-tien.example", title="Xã Bình Tiến", default=False)
    other_page = make_article(make_category(other_home), title="Tin của xã khác")
    counter.record(site, article, reader("a"), clock.now())
    # The same visitor key and address on another site: a visit and a view there, nothing more here.
    assert counter.record(other_site, other_page, reader("a"), clock.now()) == Figures(1, 1, 1, counted=True)
    assert counter.figures(site, article, clock.now()) == Figures(START + 1, 1, 1)
    assert counter.figures(other_site, other_page, clock.now()) == Figures(1, 1, 1)


def test_figures_count_nothing_and_write_nothing(counter, clock, site, article):
    counter.record(site, article, reader("a"), clock.now())
    before = counter.history.stored_totals(site, article)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert counter.figures(site, article, clock.now()) == Figures(START + 1, 1, 1)
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)
    assert counter.history.stored_totals(site, article) == before
    # Nobody was marked as seen: the next reader's first view still counts.
    assert counter.record(site, article, reader("b"), clock.now()) == Figures(START + 2, 2, 2, counted=True)


def test_counts_reach_the_history_store(counter, clock, site, article, other_article):
    counter.record(site, article, reader("a"), clock.now())
    counter.record(site, other_article, reader("a"), clock.now())
    counter.record(site, article, reader("b"), clock.now())
    counter.flush(site)
    assert counter.history.stored_totals(site, article) == Figures(START + 2, 0, 2)
    assert counter.history.stored_totals(site, other_article) == Figures(START + 2, 0, 1)
    assert counter.figures(site, article, clock.now()) == Figures(START + 2, 2, 2)


def test_purging_forgets_nobody_whose_window_is_open(counter, clock, site, article, settings):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 1
    counter.record(site, article, reader("a"), clock.now())
    counter.purge(clock.now())
    assert counter.record(site, article, reader("a"), clock.now()) == Figures(START + 1, 1, 1, counted=True)
    assert counter.record(site, article, reader("b"), clock.now()).counted is False  # the address's slot is kept
