"""One address cannot inflate the figures by inventing user agents: it brings at most a few new visitors per visit
window, on both backends, through the WSGI application; beyond that its beacons answer as usual and count nothing."""

import datetime
import time
import uuid

import pytest
from django.utils import timezone

from portal.visits import counting
from portal.visits.backends.base import Visitor, Windows
from portal.visits.models import DailyVisits, PageViews, RecentAddress, RecentVisitor, SiteVisitCounter
from tests.factories import make_article
from tests.visits.wsgi_client import WsgiClient

from .test_beacon import BROWSER, at, mid_morning, send
from .test_redis_backend import REDIS_URL, delete_keys, require_redis

ADDRESS = "203.0.113.7"
START = 8_627_271


@pytest.fixture(params=["db", "redis"])
def backend(request, settings):
    """Each test runs on the database backend and on the Redis backend (a prefix of its own)."""
    prefix = f"test:visits:{uuid.uuid4().hex}"
    if request.param == "redis":
        require_redis()
        settings.PORTAL_VISITS_BACKEND = "redis"
        settings.PORTAL_VISITS_REDIS_URL = REDIS_URL
        settings.PORTAL_VISITS_REDIS_PREFIX = prefix
    counting.counter.cache_clear()
    yield request.param
    counting.counter.cache_clear()
    if request.param == "redis":
        delete_keys(prefix)


@pytest.fixture
def wsgi(client):
    return WsgiClient(client)


@pytest.fixture
def article(site_tree):
    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=START)
    return make_article(category, title="Tập huấn bình đẳng giới")


def stored(backend, site):
    """What reached the database: the site's counted visits (the Redis backend's pending counts moved first)."""
    if backend == "redis":
        counting.counter().flush(site)
    return SiteVisitCounter.objects.get(site=site).counted_total


def flood(wsgi, page, count, address=ADDRESS, **headers):
    """``count`` beacons from one address, each with a user agent never seen before."""
    return [send(wsgi, page, agent=f"{BROWSER} {uuid.uuid4().hex}", address=address, **headers) for _ in range(count)]


@pytest.mark.django_db
def test_new_user_agents_from_one_address_count_at_most_the_bound(wsgi, article, backend, settings):
    bound = settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS
    answers = flood(wsgi, article, bound + 40)
    assert all(answer.status_code == 200 for answer in answers)
    shapes = {tuple(sorted(answer.json())) for answer in answers}
    assert shapes == {("counted", "current", "total", "views")}
    assert [answer.json()["counted"] for answer in answers] == [True] * bound + [False] * 40
    last = answers[-1].json()
    assert (last["total"], last["current"], last["views"]) == (START + bound, bound, bound)
    assert stored(backend, article.get_site()) == bound
    assert PageViews.objects.get(page=article, day__isnull=True).views == bound
    assert DailyVisits.objects.get().visits == bound


@pytest.mark.django_db
def test_visitors_counted_before_the_bound_keep_counting(wsgi, article, backend, site_tree, settings):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 2
    other = make_article(site_tree[2], title="Lịch tiếp công dân")
    send(wsgi, article, agent=f"{BROWSER} a")
    send(wsgi, article, agent=f"{BROWSER} b")
    refused = send(wsgi, article, agent=f"{BROWSER} c").json()
    assert refused["counted"] is False and refused["current"] == 2
    # A household member already counted reads another article: their view counts, as before.
    again = send(wsgi, other, agent=f"{BROWSER} a").json()
    assert (again["counted"], again["total"], again["views"]) == (True, START + 2, 1)
    # The refused agent is still refused, and did not start a view; another address is not affected.
    assert send(wsgi, other, agent=f"{BROWSER} c").json() == {**again, "counted": False}
    elsewhere = send(wsgi, other, agent=f"{BROWSER} c", address="198.51.100.9").json()
    assert (elsewhere["counted"], elsewhere["total"], elsewhere["views"]) == (True, START + 3, 2)


@pytest.mark.django_db
def test_the_bound_starts_again_with_a_new_visit_window(wsgi, article, settings, monkeypatch):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 2
    start = mid_morning()
    at(monkeypatch, start)
    assert [a.json()["counted"] for a in flood(wsgi, article, 3)] == [True, True, False]
    at(monkeypatch, start + datetime.timedelta(minutes=29))
    assert flood(wsgi, article, 1)[0].json()["counted"] is False
    at(monkeypatch, start + datetime.timedelta(minutes=30, seconds=1))
    assert [a.json()["counted"] for a in flood(wsgi, article, 3)] == [True, True, False]
    assert SiteVisitCounter.objects.get().counted_total == 4
    # Windows that have ended are forgotten with the visitors.
    counting.counter().purge(start + datetime.timedelta(minutes=61))
    assert not RecentAddress.objects.exists() and not RecentVisitor.objects.exists()


@pytest.mark.django_db
def test_the_bound_window_expires_in_redis(article):
    require_redis()
    prefix = f"test:visits:{uuid.uuid4().hex}"
    short = datetime.timedelta(seconds=2)  # Redis expires keys by its own clock: room for nine beacons when busy
    counter = counting.redis_counter(Windows(visit=short, current=short, view=short), REDIS_URL, prefix)
    site = article.get_site()
    try:
        counted = [counter.record(site, article, Visitor(f"v{n}", "one"), timezone.now()).counted for n in range(9)]
        assert counted == [True] * 8 + [False]
        time.sleep(2.5)
        assert counter.record(site, article, Visitor("v9", "one"), timezone.now()).counted is True
    finally:
        delete_keys(prefix)


@pytest.mark.django_db
def test_one_ipv6_network_is_one_address(wsgi, article, backend, settings):
    """An IPv6 host holds a whole /64 and can change address inside it at will."""
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 3
    answers = [send(wsgi, article, address=f"2001:db8:7:9::{n:x}").json()["counted"] for n in range(1, 8)]
    assert answers == [True] * 3 + [False] * 4
    assert send(wsgi, article, address="2001:db8:7:a::1").json()["counted"] is True  # the next /64


@pytest.mark.django_db
def test_the_address_is_kept_only_as_a_daily_hash(wsgi, article, backend):
    flood(wsgi, article, 12)
    if backend == "db":
        stored = list(RecentAddress.objects.values_list("address", flat=True))
        assert len(stored) == 1 and len(stored[0]) == 32 and ADDRESS not in stored[0]
    else:
        client = counting.counter().client
        keys = [key.decode() for key in client.scan_iter(f"{counting.counter().prefix}:*")]
        assert keys and not any(ADDRESS in key for key in keys)
        assert all(ADDRESS.encode() not in (client.dump(key) or b"") for key in keys)


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_a_flood_from_one_address_adds_no_redis_keys(wsgi, article, backend, settings):
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 2
    client, prefix = counting.counter().client, counting.counter().prefix
    flood(wsgi, article, 5)
    keys_after_bound = sorted(client.scan_iter(f"{prefix}:*"))
    online = client.zcard(f"{prefix}:{article.get_site().pk}:online")
    flood(wsgi, article, 200)
    assert sorted(client.scan_iter(f"{prefix}:*")) == keys_after_bound
    assert client.zcard(f"{prefix}:{article.get_site().pk}:online") == online == 2


@pytest.mark.django_db
def test_rotating_x_real_ip_from_an_untrusted_address_is_one_address(wsgi, article, backend, settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    bound = settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS
    same_agent = [send(wsgi, article, address=ADDRESS, HTTP_X_REAL_IP=f"192.0.2.{n}").json() for n in range(5)]
    assert {(answer["total"], answer["current"]) for answer in same_agent} == {(START + 1, 1)}  # one visitor
    new_agents = [
        send(wsgi, article, agent=f"{BROWSER} {n}", address=ADDRESS, HTTP_X_REAL_IP=f"198.51.100.{n}").json()
        for n in range(30)
    ]
    assert [answer["counted"] for answer in new_agents] == [True] * (bound - 1) + [False] * (31 - bound)
    assert new_agents[-1]["total"] == START + bound


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_reported_address_has_its_own_bound(wsgi, article, backend, settings):
    settings.PORTAL_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS = 2
    readers = [
        send(wsgi, article, address="127.0.0.1", HTTP_X_REAL_IP=f"198.51.100.{n}").json()["counted"] for n in range(30)
    ]
    assert readers == [True] * 30  # thirty readers behind nginx, not one proxy address
    one_reader = flood(wsgi, article, 4, address="127.0.0.1", HTTP_X_REAL_IP="192.0.2.1")
    assert [answer.json()["counted"] for answer in one_reader] == [True, True, False, False]
    assert stored(backend, article.get_site()) == 32


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend_name", ["db", "redis"])
def test_eight_processes_from_one_address_never_pass_the_bound(site_tree, backend_name, settings):
    from .test_concurrency import run_workers

    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=1000)
    pages = [make_article(category, title=f"Tin số {n}") for n in range(2)]
    prefix = f"test:visits:{uuid.uuid4().hex}"
    env = {}
    if backend_name == "redis":
        require_redis()
        env = {"PORTAL_VISITS_BACKEND": "redis", "REDIS_URL": REDIS_URL, "PORTAL_VISITS_REDIS_PREFIX": prefix}
    try:
        assert set(run_workers(pages, env, ADDRESS)) == {0}
        if backend_name == "redis":
            counter = counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix)
            current = counter.figures(site, pages[0], timezone.now()).current
            counter.flush(site)
        else:
            current = RecentVisitor.objects.filter(site=site, page__isnull=True).count()
    finally:
        if backend_name == "redis":
            delete_keys(prefix)
    bound = settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS
    counted = SiteVisitCounter.objects.get(site=site).counted_total
    if backend_name == "redis":
        assert counted == bound  # one script decides
    else:
        # A slot taken by a racing duplicate of a visitor is given back, possibly after the last refused beacon.
        assert 0 < counted <= bound
        assert RecentAddress.objects.get(site=site).new_visitors == counted
    assert current == counted
    for page in pages:
        assert PageViews.objects.get(page=page, day__isnull=True).views == counted
