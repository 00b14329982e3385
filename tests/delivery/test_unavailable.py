"""While the database is away the WSGI application answers 503 with Retry-After, never 500, on both roads (pages
through the whole middleware chain, the beacon through its short road); other errors stay 500. The stack test
(tests/deploy/test_database_restart.py) restarts a real PostgreSQL under readers."""

import json

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import InterfaceError, OperationalError
from django.test import Client

from portal.delivery.unavailable import RETRY_AFTER_SECONDS, unavailable_response
from portal.news.models import HomePage
from tests.delivery.test_replica import production_settings
from tests.visits.wsgi_client import WsgiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi(site_tree):
    return WsgiClient(Client())


@pytest.fixture
def database_away(monkeypatch, search_follows_uncommitted_test_writes):
    """Every query from now on fails as it does while PostgreSQL restarts."""

    def refuse(connection):
        raise OperationalError("connection failed: Connection refused")

    # The tests' stand-in for search's on-commit work (tests/search/commits.py) would meet the failure first.
    search_follows_uncommitted_test_writes.pause()
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


def assert_unavailable(response, content_type):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith(content_type)


def test_a_page_answers_503_when_the_database_fails_in_a_middleware_before_the_view(wsgi, database_away):
    response = wsgi.get("/")  # the first query is the site lookup, in a middleware
    assert_unavailable(response, "text/html")
    assert "Hệ thống đang tạm gián đoạn" in response.content.decode()


def test_a_view_losing_its_connection_answers_503(wsgi, monkeypatch):
    def lost(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(HomePage, "serve", lost)
    assert_unavailable(wsgi.get("/"), "text/html")


def test_the_search_api_and_the_beacon_answer_json(wsgi, database_away):
    response = wsgi.get("/api/tim-kiem/?q=tin")
    assert_unavailable(response, "application/json")
    assert response.json()["error"]
    beacon = wsgi.post("/api/thong-ke/", json.dumps({"page": 3}), content_type="application/json")  # short road
    assert_unavailable(beacon, "application/json")
    assert beacon.json()["error"]


def test_other_errors_stay_500(wsgi, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = wsgi.get("/")
    assert response.status_code == 500 and "Retry-After" not in response.headers


@pytest.mark.django_db(databases=[])
def test_the_503_itself_needs_no_database():
    response = unavailable_response("/tin-tuc/")
    assert response.status_code == 503 and "Xin vui lòng thử lại".encode() in response.content


def test_production_checks_persistent_postgresql_connections_before_use():
    databases = production_settings(["DATABASES"], DATABASE_REPLICA_URL="postgres://ro@10.0.0.2/portal")["DATABASES"]
    assert databases["default"]["CONN_MAX_AGE"] > 0
    assert databases["default"]["CONN_HEALTH_CHECKS"] is True
    assert databases["replica"]["CONN_HEALTH_CHECKS"] is True
