"""The production stack, started for real: two granian processes on different ports behind one nginx upstream
(deploy/nginx/portal.conf), sharing PostgreSQL and Redis (bench/stack.py starts it, as `make bench` does).

Runs in the PostgreSQL pass: the production settings need PostgreSQL. Needs nginx and openssl (.ci/run installs
them); with CI set, their absence fails the run.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.http.cookie import parse_cookie

from bench.stack import HOST, SITE_NAME, Stack, insecure_tls, psql

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the production stack runs on PostgreSQL: this module runs in the PostgreSQL pass of make test",
)
CACHE_LIFETIME_LIMIT = 10  # seconds: the bound for an edit to reach readers through nginx's cache


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    missing = [name for name in ("nginx", "openssl", "psql") if shutil.which(name) is None]
    if missing:
        message = f"{', '.join(missing)} not installed (apt-get install nginx openssl postgresql-client)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    database = f"stack_test_{uuid.uuid4().hex[:8]}"
    psql("postgres", f'CREATE DATABASE "{database}"')
    try:
        prepared = Stack(tmp_path_factory.mktemp("stack"), database, redis_db=12)
        prepared.manage("migrate", "--no-input", "-v0")
        prepared.manage("load_demo", "--limit", "0", "--seed-only-if-missing", "-v0")
        prepared.manage("rebuild_search_index", "-v0")
        with prepared as running:
            yield running
    finally:
        psql("postgres", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def seed_article(stack):
    found = stack.django(
        "from portal.news.models import ArticlePage; a = ArticlePage.objects.live().first(); print(a.pk, a.url)"
    )
    pk, url = found.split()
    return int(pk), url


def publish_edit(stack, pk, lead):
    stack.django(
        "from portal.news.models import ArticlePage\n"
        f"page = ArticlePage.objects.get(pk={pk})\n"
        f"page.lead = {lead!r}\n"
        "page.save_revision().publish()\n"
    )


def test_the_deploy_site_serves_the_portal_over_https_with_its_cache(stack):
    _, url = seed_article(stack)
    statuses = [stack.fetch(url)[1]["X-Cache-Status"] for _ in range(3)]
    assert statuses[0] in {"MISS", "EXPIRED", "UPDATING"} and statuses[-1] == "HIT"
    status, headers, _ = stack.fetch(url, headers={"Cookie": "sessionid=abc"})
    assert status == 200 and headers["X-Cache-Status"] == "BYPASS"  # an editor's session never sees the cache
    hashed = re.search(rb'src="(/static/js/visits\.[0-9a-f]{12}\.js)"', stack.fetch(url)[2]).group(1).decode()
    status, headers, _ = stack.fetch(hashed)
    assert status == 200 and headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    status, headers, _ = stack.fetch("/static/js/visits.js")  # the unhashed name may change: not for a year
    assert status == 200 and headers.get_all("Cache-Control") == ["public, max-age=3600"]
    assert stack.fetch("/media/documents/anything.pdf")[0] == 404  # documents only through Wagtail's view


def test_an_edit_reaches_readers_through_the_cache_within_its_lifetime(stack):
    pk, url = seed_article(stack)
    for _ in range(3):
        stack.fetch(url)
    assert stack.fetch(url)[1]["X-Cache-Status"] == "HIT"
    marker = f"Sửa lúc {uuid.uuid4().hex[:8]}"
    publish_edit(stack, pk, marker)
    published = time.monotonic()
    while marker.encode() not in stack.fetch(url)[2]:
        assert time.monotonic() - published < CACHE_LIFETIME_LIMIT, "the edit did not reach readers in time"
        time.sleep(0.2)


def test_a_new_article_reaches_the_cached_category_page_within_its_lifetime(stack):
    category = stack.django(
        "from portal.news.models import CategoryPage; c = CategoryPage.objects.live().first(); print(c.pk, c.url)"
    )
    category_pk, category_url = category.split()
    for _ in range(3):
        stack.fetch(category_url)
    title = f"Tin mới đăng {uuid.uuid4().hex[:8]}"
    stack.django(
        "from portal.news.models import ArticlePage, CategoryPage\n"
        f"category = CategoryPage.objects.get(pk={category_pk})\n"
        f"article = category.add_child(instance=ArticlePage(title={title!r}, lead='Tin thử nghiệm.'))\n"
        "article.save_revision().publish()\n"
    )
    published = time.monotonic()
    while title.encode() not in stack.fetch(category_url)[2]:
        assert time.monotonic() - published < CACHE_LIFETIME_LIMIT, "the new article did not appear in time"
        time.sleep(0.2)


def login(stack, port, username, password):
    """Log in to the admin on one application process; returns the session cookie."""
    status, headers, body = stack.fetch("/admin/login/", via=port)
    assert status == 200
    csrf = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    status, headers, _ = stack.fetch(
        "/admin/login/",
        via=port,
        data=form.encode(),
        headers={
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"https://127.0.0.1:{port}/admin/login/",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": f"127.0.0.1:{port}",
        },
    )
    assert status == 302, "the login was refused"
    cookies = SimpleCookie()
    for value in headers.get_all("Set-Cookie"):
        cookies.load(value)
    return cookies["sessionid"].value


def test_two_servers_share_sessions_counters_content_and_search(stack):
    first, second = stack.app_ports
    password = uuid.uuid4().hex
    username = f"bientap{uuid.uuid4().hex[:6]}"
    stack.django(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.create_superuser({username!r}, 'bt@example.gov.vn', {password!r})\n"
    )
    # Sessions (in Redis): logged in on one process, known on the other (the admin asks for the second factor,
    # which only a known user gets, instead of sending back to the login form).
    session = login(stack, first, username, password)
    status, headers, _ = stack.fetch("/admin/", via=second, headers={"Cookie": f"sessionid={session}"})
    assert status == 302 and "/admin/login/" not in headers["Location"]
    status, headers, _ = stack.fetch("/admin/", via=second)
    assert status == 302 and "/admin/login/" in headers["Location"]

    # Counters (Redis): each process answers with the total the other one counted.
    pk, url = seed_article(stack)
    totals = []
    for number, port in enumerate([first, second, first, second]):
        status, _, body = stack.fetch(
            "/api/thong-ke/",
            via=port,
            data=json.dumps({"page": pk}).encode(),
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36",
                "X-Real-IP": f"10.9.9.{number + 1}",
            },
        )
        answer = json.loads(body)
        assert status == 200 and answer["counted"] is True
        totals.append(answer["total"])
    assert totals == [totals[0] + i for i in range(4)]

    # Content: an edit published through the database is served at once by both processes (no stale copy).
    marker = f"Nội dung mới {uuid.uuid4().hex[:8]}"
    publish_edit(stack, pk, marker)
    for port in (first, second):
        assert marker.encode() in stack.fetch(url, via=port)[2]

    # Search (PostgreSQL index): the same ranked results from both, the edit included.
    query = "/tim-kiem/?" + urllib.parse.urlencode({"q": marker.split()[-1]})
    pages = [stack.fetch(query, via=port)[2] for port in (first, second)]
    found = [re.findall(rb'href="(/[^"]+/)"', page) for page in pages]
    assert url.encode() in found[0] and found[0] == found[1]


def test_restarting_each_server_in_turn_under_load_loses_no_request(stack):
    pk, url = seed_article(stack)
    answers, failures, stop = [], [], threading.Event()

    def reader(number):
        count = 0
        while not stop.is_set():
            count += 1
            if count % 3 == 0:
                status, _, _ = stack.fetch(
                    "/api/thong-ke/",
                    data=json.dumps({"page": pk}).encode(),
                    headers={
                        "Content-Type": "application/json",
                        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
                        "Origin": stack.site_url,
                        "X-Real-IP": f"10.{number}.{count // 256 % 256}.{count % 256}",
                    },
                )
            else:  # uncached: a new search each time, so the application answers, not nginx's cache
                status, _, _ = stack.fetch("/tim-kiem/?" + urllib.parse.urlencode({"q": f"tin {number} {count}"}))
            (answers if status == 200 else failures).append(status)

    def reader_or_failure(number):
        try:
            reader(number)
        except OSError as error:  # a refused or dropped connection is a lost request too
            failures.append(repr(error))

    readers = [threading.Thread(target=reader_or_failure, args=(number,)) for number in range(6)]
    for thread in readers:
        thread.start()
    try:
        time.sleep(1)
        for port in list(stack.app_ports):
            assert stack.restart_app(port) == 0  # a graceful stop: granian finished what it held
            time.sleep(1)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert failures == [] and len(answers) > 50


def seed_title(stack):
    return stack.django("from portal.news.models import ArticlePage; print(ArticlePage.objects.live().first().title)")


def test_a_foreign_host_or_port_never_reaches_the_cache(stack):
    """A Host with another port is the portal's own name to nginx: the application gets the name alone, so the
    answer cached under that name is the one every reader should get."""
    query = urllib.parse.urlencode({"q": seed_title(stack).split()[0], "lan": uuid.uuid4().hex})
    for path in (f"/rss/?lan={uuid.uuid4().hex}", f"/api/tim-kiem/?{query}"):
        status, _, poisoned = stack.fetch(path, headers={"Host": f"{SITE_NAME}:6666"})
        assert status == 200 and b"/" in poisoned
        status, headers, clean = stack.fetch(path)
        assert status == 200 and headers["X-Cache-Status"] == "HIT"  # the poisoned request's answer, if any
        assert b":6666" not in clean and b":6666" not in poisoned
    assert json.loads(clean)["results"], "the search found nothing: the test would prove nothing about its URLs"


def raw_exchange(connection: socket.socket, request: bytes) -> bytes:
    """What the server sends back before closing; b"" when it closes without a word."""
    try:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received
    except (ConnectionResetError, ssl.SSLEOFError):
        return b""


def over_https(stack, request: bytes, server_name=SITE_NAME) -> bytes:
    with (
        socket.create_connection((HOST, stack.https_port), timeout=10) as plain,
        insecure_tls().wrap_socket(plain, server_hostname=server_name) as connection,
    ):
        return raw_exchange(connection, request)


def over_http(stack, request: bytes) -> bytes:
    with socket.create_connection((HOST, stack.http_port), timeout=10) as connection:
        return raw_exchange(connection, request)


def test_unknown_host_names_get_no_answer_and_no_redirect(stack):
    foreign = b"GET /rss/ HTTP/1.1\r\nHost: portal.attacker.example\r\nConnection: close\r\n\r\n"
    # Port 80: the connection is closed without an answer (444), so nothing echoes the name in a redirect.
    assert over_http(stack, foreign) == b""
    absolute = b"GET http://portal.attacker.example/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    assert over_http(stack, absolute) == b""
    # The portal's own name is redirected to its own HTTPS address, without any port the client wrote.
    redirect = over_http(stack, b"GET /rss/?a=1 HTTP/1.1\r\nHost: localhost:6666\r\nConnection: close\r\n\r\n")
    assert redirect.startswith(b"HTTP/1.1 301") and b"\r\nLocation: https://localhost/rss/?a=1\r\n" in redirect
    # Port 443: an unknown name in SNI never gets a handshake (nor a certificate); a known SNI asking for an
    # unknown Host is closed without an answer.
    with pytest.raises(ssl.SSLError):
        over_https(stack, foreign, server_name="portal.attacker.example")
    assert over_https(stack, foreign) == b""
    assert over_https(stack, foreign.replace(b"portal.attacker.example", b"localhost")).startswith(b"HTTP/1.1 200")


# Every way Django's cookie parser reads a session cookie (it strips white space, in Python's sense, around names).
SESSION_SPELLINGS = [
    "sessionid=abc",
    "sessionid =abc",
    ";sessionid=abc",
    "\tsessionid=abc",
    "lang=vi;sessionid=abc",
    "lang=vi;  sessionid = abc",
    "lang=vi; \t sessionid\t=abc",
    "\xa0sessionid=abc",
    "lang=vi;\x85sessionid\xa0=abc",
    "\x0bsessionid=abc",
    "\x1fsessionid\x0c=abc",
]


def cached_keys(stack) -> bytes:
    return b"".join(path.read_bytes()[:4096] for path in Path(stack.work, "nginx-cache").rglob("*") if path.is_file())


def test_every_spelling_of_a_session_cookie_bypasses_the_cache_and_is_never_stored(stack):
    _, url = seed_article(stack)
    for spelling in SESSION_SPELLINGS:
        assert "sessionid" in parse_cookie(spelling), f"{spelling!r} is not a session to Django"
        marker = uuid.uuid4().hex
        connection = http.client.HTTPSConnection(SITE_NAME, stack.https_port, context=insecure_tls(), timeout=30)
        try:
            connection.putrequest("GET", f"{url}?lan={marker}")
            connection.putheader("Cookie", spelling.encode("latin-1"))
            connection.endheaders()
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        assert response.headers["X-Cache-Status"] == "BYPASS", spelling
        assert marker.encode() not in cached_keys(stack), f"the answer for {spelling!r} was stored"
        status, headers, _ = stack.fetch(f"{url}?lan={marker}")
        assert status == 200 and headers["X-Cache-Status"] == "MISS"
    # Several Cookie headers (HTTP/2 sends each cookie apart) are one session too.
    connection = http.client.HTTPSConnection(SITE_NAME, stack.https_port, context=insecure_tls(), timeout=30)
    try:
        connection.putrequest("GET", f"{url}?lan={uuid.uuid4().hex}")
        connection.putheader("Cookie", "lang=vi")
        connection.putheader("Cookie", "sessionid=abc")
        connection.endheaders()
        assert connection.getresponse().headers["X-Cache-Status"] == "BYPASS"
    finally:
        connection.close()
