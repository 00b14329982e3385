"""Faults a portal meets in production: Redis stopping under a running site, and the application server being
restarted (SIGTERM) in the middle of a stream of beacons. Real processes: redis-server and granian."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from portal.delivery import appserver
from portal.visits import counting
from portal.visits.backends.base import Windows
from portal.visits.models import SiteVisitCounter
from tests.factories import make_article
from tests.processes import database_url

from .test_beacon import BROWSER, OTHER_BROWSER, send
from .test_redis_backend import REDIS_URL, delete_keys

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listened on port {port} after {seconds} s")


@pytest.fixture
def own_redis():
    """A Redis server of this test's own, which the test may stop."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, server)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


@pytest.mark.django_db
def test_stopping_redis_under_a_running_site_never_reaches_the_reader(client, site_tree, own_redis, settings):
    server, url = own_redis
    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=8_627_271)
    article = make_article(category, title="Tin trong lúc Redis dừng")
    settings.PORTAL_VISITS_BACKEND, settings.PORTAL_VISITS_REDIS_URL = "redis", url
    settings.PORTAL_VISITS_REDIS_PREFIX = f"test:{uuid.uuid4().hex}"
    counting.counter.cache_clear()
    try:
        assert send(client, article).json()["total"] == 8_627_272  # counted in Redis (and moved to the database)
        server.terminate()  # Redis stops
        server.wait(timeout=10)
        assert client.get(article.url, HTTP_USER_AGENT=BROWSER).status_code == 200
        answer = send(client, article, agent=OTHER_BROWSER)
        assert answer.status_code == 200 and answer.json() == {
            "total": 8_627_273,
            "current": 1,
            "views": 2,
            "counted": True,
        }
        assert SiteVisitCounter.objects.get().counted_total == 2
    finally:
        counting.counter.cache_clear()


class BeaconStream:
    """Threads sending beacons, each from a new visitor at an address of its own (X-Real-IP, as nginx on loopback
    passes it), until the server stops answering; counts the 200s."""

    def __init__(self, port, page_id, threads=8):
        self.port, self.page_id = port, page_id
        self.answered = 0
        self.refused = 0
        self.unexpected = []  # answers other than "200, counted"
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._send, args=(n,)) for n in range(threads)]

    def _send(self, number):
        body = json.dumps({"page": self.page_id})
        for sent in range(100_000):
            agent = f"{BROWSER} khach-{number}-{sent}"
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                address = f"10.{number}.{sent // 256 % 256}.{sent % 256}"
                headers = {"Content-Type": "application/json", "User-Agent": agent, "X-Real-IP": address}
                connection.request("POST", "/api/thong-ke/", body, headers)
                response = connection.getresponse()
                status, answer = response.status, json.loads(response.read())
                connection.close()
            except OSError:
                with self.lock:
                    self.refused += 1
                if self.refused > 50:
                    return
                time.sleep(0.01)
                continue
            with self.lock:
                if status == 200 and answer["counted"]:
                    self.answered += 1
                else:
                    self.unexpected.append((status, answer))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["db", "redis"])
def test_a_graceful_restart_loses_no_counted_hit(site_tree, backend):
    site, _, category = site_tree
    article = make_article(category, title="Tin trong lúc khởi động lại")
    port = free_port()
    prefix = f"test:{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(ROOT),
        "PORTAL_VISITS_BACKEND": backend,
        "REDIS_URL": REDIS_URL,
        "PORTAL_VISITS_REDIS_PREFIX": prefix,
        "PORTAL_CLIENT_ADDRESS_HEADER": "HTTP_X_REAL_IP",
        "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
    }
    server = subprocess.Popen(
        appserver.command(port, workers=2, log_level="error"),
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for_port(port, server)
        with BeaconStream(port, article.pk) as stream:
            deadline = time.monotonic() + 60
            while stream.answered < 200 and not stream.unexpected and time.monotonic() < deadline:
                time.sleep(0.05)
            server.send_signal(signal.SIGTERM)  # a graceful restart's first half, under load
            server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0
    if backend == "redis":  # what was pending in Redis is still there; the next server moves it
        counting.redis_counter(Windows.from_settings(), REDIS_URL, prefix).flush(site)
        delete_keys(prefix)
    assert stream.answered >= 200 and stream.refused > 0 and stream.unexpected == []
    assert SiteVisitCounter.objects.get(site=site).counted_total == stream.answered
