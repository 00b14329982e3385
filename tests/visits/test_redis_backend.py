"""The Redis counter against the real Redis: the definitions, exact counts from 8 processes, history in the
database, and a reader who never notices when Redis is down."""

import datetime
import os
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from portal.visits import counting
from portal.visits.backends.base import Figures, Visitor, Windows
from portal.visits.backends.memory import MemoryCounter
from portal.visits.backends.redis import RedisCounter
from portal.visits.history import MemoryHistory
from portal.visits.models import DailyVisits, PageViews, SiteVisitCounter
from tests.factories import make_article

from .test_beacon import BROWSER, send

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


def require_redis():
    """Skip without Redis on a laptop; fail without it in CI."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_URL} is unreachable ({exc}); set REDIS_TEST_URL or start Redis."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(autouse=True, scope="module")
def _redis_is_running():
    require_redis()


def delete_keys(prefix):
    counter = counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix)
    keys = list(counter.client.scan_iter(f"{prefix}:*"))
    if keys:
        counter.client.delete(*keys)


@pytest.fixture
def prefix():
    name = f"test:visits:{uuid.uuid4().hex}"
    yield name
    delete_keys(name)


@pytest.fixture
def redis_settings(settings, prefix):
    settings.PORTAL_VISITS_BACKEND = "redis"
    settings.PORTAL_VISITS_REDIS_URL = REDIS_URL
    settings.PORTAL_VISITS_REDIS_PREFIX = prefix
    counting.counter.cache_clear()
    yield settings
    counting.counter.cache_clear()


@pytest.fixture
def article(site_tree):
    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=8_627_271)
    return make_article(category, title="Tập huấn bình đẳng giới")


@pytest.mark.django_db
def test_beacons_count_by_the_definitions_and_reach_the_database(client, article, redis_settings):
    first = send(client, article).json()
    assert first == {"total": 8_627_272, "current": 1, "views": 1, "counted": True}
    for _ in range(3):
        again = send(client, article).json()
    assert (again["total"], again["current"], again["views"]) == (8_627_272, 1, 1)
    other = send(client, article, address="198.51.100.9").json()
    assert (other["total"], other["current"], other["views"]) == (8_627_273, 2, 2)
    robot = send(client, article, agent="Mozilla/5.0 (compatible; Googlebot/2.1)").json()
    assert (robot["counted"], robot["total"]) == (False, 8_627_273)
    counting.counter().flush(article.get_site())
    assert SiteVisitCounter.objects.get().total == 8_627_273
    assert PageViews.objects.get(page=article, day__isnull=True).views == 2
    day = DailyVisits.objects.get()
    assert (day.day, day.visits, day.views) == (timezone.localdate(), 2, 2)
    # After a Redis flush the totals come back from the database.
    counting.counter().client.delete(
        *counting.counter().client.scan_iter(f"{redis_settings.PORTAL_VISITS_REDIS_PREFIX}:*")
    )
    assert send(client, article, address="192.0.2.1").json()["total"] == 8_627_274


@pytest.mark.django_db
def test_windows_expire_in_redis(article, prefix):
    windows = Windows(
        visit=datetime.timedelta(milliseconds=300),
        current=datetime.timedelta(milliseconds=300),
        view=datetime.timedelta(milliseconds=300),
    )
    counter = counting.redis_counter(windows, REDIS_URL, prefix)
    site = article.get_site()
    assert counter.record(site, article, Visitor("a", "a"), timezone.now()).total == 8_627_272
    assert counter.record(site, article, Visitor("a", "a"), timezone.now()).total == 8_627_272
    time.sleep(0.45)
    figures = counter.record(site, article, Visitor("a", "a"), timezone.now())
    assert (figures.total, figures.views, figures.current) == (8_627_273, 2, 1)


@pytest.mark.django_db
def test_a_stopped_redis_never_reaches_the_reader(client, article, redis_settings):
    redis_settings.PORTAL_VISITS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    counting.counter.cache_clear()
    assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    answer = send(client, article)
    assert answer.status_code == 200 and answer.json()["total"] == 8_627_272  # counted in the database instead
    assert SiteVisitCounter.objects.get().counted_total == 1


@pytest.mark.django_db(transaction=True)
def test_eight_processes_count_exactly_in_redis(site_tree, prefix):
    from .test_concurrency import OWN_VISITORS, PROCESSES, SHARED_VISITORS, run_workers

    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=1000)
    pages = [make_article(category, title=f"Tin số {n}") for n in range(2)]
    env = {"PORTAL_VISITS_BACKEND": "redis", "REDIS_URL": REDIS_URL, "PORTAL_VISITS_REDIS_PREFIX": prefix}
    assert run_workers(pages, env) == [0] * PROCESSES
    counter = counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix)
    visitors = PROCESSES * OWN_VISITORS + SHARED_VISITORS
    assert counter.figures(site, pages[0], timezone.now()).current == visitors
    counter.flush(site)
    assert SiteVisitCounter.objects.get(site=site).total == 1000 + visitors
    for page in pages:
        assert PageViews.objects.get(page=page, day__isnull=True).views == visitors
    day = DailyVisits.objects.get(site=site)
    assert (day.visits, day.views) == (visitors, visitors * len(pages))


@pytest.mark.django_db
def test_a_rendered_page_reads_its_figures_from_redis_alone(article, prefix, django_assert_num_queries):
    counter = counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix)
    site = article.get_site()
    counter.record(site, article, Visitor("a", "a"), timezone.now())
    counter.flush(site)
    counter.record(site, article, Visitor("b", "b"), timezone.now())  # pending in Redis
    first = counter.figures(site, article, timezone.now())  # the database's totals, once, then kept as base
    with django_assert_num_queries(0):
        again = counter.figures(site, article, timezone.now())
        home = counter.figures(site, None, timezone.now())
    assert (first.total, first.views, first.current) == (8_627_273, 2, 2)
    assert again == first
    assert (home.total, home.views) == (8_627_273, 0)


@pytest.mark.django_db
def test_totals_read_before_a_flush_are_not_kept_after_it(article, prefix, monkeypatch):
    counter = counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix)
    site = article.get_site()
    counter.record(site, article, Visitor("a", "a"), timezone.now())
    counter.record(site, article, Visitor("b", "b"), timezone.now())
    # A reader finds no base and reads the database's totals; before it stores them, another worker flushes.
    epoch = counter.client.get(f"{prefix}:{site.pk}:epoch") or b"0"
    read_before_flush = counter.history.stored_totals(site, article)
    counter.flush(site)
    monkeypatch.setattr(counter.history, "stored_totals", lambda *args: read_before_flush)
    counter._load_base(site, article, epoch)
    monkeypatch.undo()
    # Its old totals were not kept beside the (now empty) pending counts: every reader sees both visits.
    figures = counter.figures(site, article, timezone.now())
    assert (figures.total, figures.views) == (8_627_273, 2)


@pytest.mark.django_db
def test_history_and_fallback_are_the_parts_it_is_given(article, prefix):
    """Pending counts go to the history store; the fallback counts only while Redis cannot be reached."""
    site, windows = article.get_site(), Windows.from_settings()
    history = MemoryHistory({site.pk: 8_627_271})
    fallback = MemoryCounter(windows, history)
    counter = RedisCounter(windows, REDIS_URL, prefix, history=history, fallback=fallback)
    assert counter.record(site, article, Visitor("a", "a"), timezone.now()) == Figures(8_627_272, 1, 1, counted=True)
    assert fallback.figures(site, article, timezone.now()).current == 0  # Redis decided, not the fallback
    counter.flush(site)
    assert history.stored_totals(site, article) == Figures(8_627_272, 0, 1)
    assert SiteVisitCounter.objects.get(site=site).counted_total == 0  # the database was not the store
    down = RedisCounter(windows, "redis://127.0.0.1:1/0", prefix, history=history, fallback=fallback)
    assert down.record(site, article, Visitor("b", "b"), timezone.now()) == Figures(8_627_273, 1, 2, counted=True)
    assert down.figures(site, article, timezone.now()) == Figures(8_627_273, 1, 2)
