"""A PostgreSQL restart costs readers nothing: the production stack (bench/stack.py) on a PostgreSQL server of the
test's own (tests/deploy/own_postgres.py), which is stopped and started again under a stream of readers.

While the database is away nginx serves the pages it holds, stale, and the application answers what nginx does not
hold with a 503 and Retry-After (portal/delivery/unavailable.py), never a 500. Once it is back, connections that died
with it are noticed before use (CONN_HEALTH_CHECKS) and every answer is a 200 again, without restarting anything.
"""

import json
import os
import shutil
import threading
import time
import urllib.parse
import uuid

import pytest

from bench.stack import Stack, psql
from tests.deploy import own_postgres

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the production stack runs on PostgreSQL: this module runs in the PostgreSQL pass of make test",
)
OUTAGE_SECONDS = 2.5  # about what `pg_ctlcluster 15 main restart` took on the machine the issue was measured on
READERS = 6
MAX_REQUESTS_PER_READER = 1_500


@pytest.fixture(scope="module")
def server():
    missing = [name for name in ("nginx", "openssl", "psql") if shutil.which(name) is None]
    if not own_postgres.available():
        missing.append(f"PostgreSQL server binaries in {own_postgres.BINARIES}")
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install nginx openssl postgresql)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    postgres = own_postgres.OwnPostgres()
    try:
        postgres.start()
        yield postgres
    finally:
        postgres.remove()


@pytest.fixture(scope="module")
def stack(server, tmp_path_factory):
    psql("postgres", 'CREATE DATABASE "portal"', server=server.server_url)
    prepared = Stack(tmp_path_factory.mktemp("stack"), "portal", redis_db=7, postgres_server=server.server_url)
    prepared.manage("migrate", "--no-input", "-v0")
    prepared.manage("load_demo", "--limit", "0", "--seed-only-if-missing", "-v0")
    prepared.manage("rebuild_search_index", "-v0")
    with prepared as running:
        yield running


def cached_paths(stack):
    found = stack.django(
        "from portal.news.models import ArticlePage; a = ArticlePage.objects.live().first();"
        " print(a.pk, a.url, a.get_parent().url)"
    )
    pk, article, category = found.split()
    return int(pk), ["/", article, category, "/rss/"]


def uncached_request(stack, page_id, reader, number):
    """A request no cache answers: a new search (page or API) or a beacon."""
    query = urllib.parse.urlencode({"q": f"tin {reader} {number} {uuid.uuid4().hex[:6]}"})
    if number % 3 == 0:
        return stack.fetch(f"/tim-kiem/?{query}")
    if number % 3 == 1:
        return stack.fetch(f"/api/tim-kiem/?{query}")
    return stack.fetch(
        "/api/thong-ke/",
        data=json.dumps({"page": page_id}).encode(),
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
            "Origin": stack.site_url,
            "X-Real-IP": f"10.{reader}.{number // 256 % 256}.{number % 256}",
        },
    )


def test_a_database_restart_under_readers_answers_no_500_and_recovers_by_itself(stack, server):
    page_id, paths = cached_paths(stack)
    for path in paths:
        for _ in range(2):
            assert stack.fetch(path)[0] == 200
    applications = dict(stack.apps)
    answers, errors, stop = [], [], threading.Event()

    def reader(number):
        try:
            for count in range(MAX_REQUESTS_PER_READER):
                if stop.is_set():
                    return
                started = time.monotonic()
                if count % 3 == 0:
                    status, headers, _ = uncached_request(stack, page_id, number, count)
                    kind = "uncached"
                else:
                    status, headers, _ = stack.fetch(paths[count % len(paths)])
                    kind = "cached"
                answers.append((started, kind, status, headers.get("Retry-After"), headers.get("Cache-Control")))
        except OSError as error:  # a refused or dropped connection is a lost answer too
            errors.append(repr(error))

    readers = [threading.Thread(target=reader, args=(number,)) for number in range(READERS)]
    for thread in readers:
        thread.start()
    try:
        time.sleep(1)
        server.stop()
        down = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        server.start()
        up = time.monotonic()
        time.sleep(2)
    finally:
        stop.set()
        for thread in readers:
            thread.join()

    assert errors == []
    statuses = sorted({status for _, _, status, _, _ in answers})
    assert statuses in ([200], [200, 503]), f"answers: {statuses}"
    unavailable = [answer for answer in answers if answer[2] == 503]
    assert all(retry == "5" and cache == "no-store" for _, _, _, retry, cache in unavailable)
    # Pages nginx holds are served all along (stale while the database is away).
    assert {status for _, kind, status, _, _ in answers if kind == "cached"} == {200}
    # The outage was seen (the test proves something), and only during it.
    during = [answer for answer in answers if down <= answer[0] <= up and answer[1] == "uncached"]
    assert len(during) >= READERS and any(answer[2] == 503 for answer in during)
    assert all(status == 200 for started, _, status, _, _ in answers if started > up + 0.5)
    # Nothing was restarted: the same application processes answer.
    assert stack.apps == applications and all(process.poll() is None for process in applications.values())


def test_connections_that_died_with_the_server_are_replaced_before_use(stack, server):
    query = "/tim-kiem/?" + urllib.parse.urlencode({"q": "tin tức"})
    for port in stack.app_ports:  # each process holds a connection (CONN_MAX_AGE)
        assert stack.fetch(query, via=port)[0] == 200
    server.restart()
    for port in stack.app_ports:  # the first request after the restart: its connection is dead, and noticed
        status, _, _ = stack.fetch(query + f"&lan={uuid.uuid4().hex}", via=port)
        assert status == 200


def test_with_no_application_reachable_cached_pages_are_served_stale(stack):
    _, paths = cached_paths(stack)
    for path in paths:
        stack.fetch(path)
    ports = list(stack.app_ports)
    try:
        for port in ports:
            stack.stop_app(port)
        for path in paths:
            status, headers, _ = stack.fetch(path)
            assert status == 200 and headers["X-Cache-Status"] in {"STALE", "HIT", "UPDATING"}
    finally:
        for port in ports:
            if port not in stack.apps:
                stack.start_app(port)
