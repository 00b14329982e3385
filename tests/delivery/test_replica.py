"""The read replica: production builds it from DATABASE_REPLICA_URL, and only anonymous readers' GETs read from it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site

from portal.core.models import SiteSettings
from portal.delivery.replica import REPLICA_DB_ALIAS, ReplicaReadsMiddleware
from tests.factories import make_category, make_site

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://portal@10.0.0.1:5432/portal",
    "ALLOWED_HOSTS": "portal.example.gov.vn",
}
REPLICA_URL = "postgres://portal_ro@10.0.0.2:5433/portal"


def run_production_settings(names, env):
    """Import portal.settings.production in a fresh process with only ``env`` (and no leftover DATABASE_*,
    PORTAL_MEDIA_S3_* or DJANGO_* variables) and print the settings ``names`` as JSON."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith(("DATABASE_", "PORTAL_MEDIA_S3_", "DJANGO_"))
    }
    code = (
        "import json, sys, portal.settings.production as p\n"
        "print(json.dumps({n: getattr(p, n, None) for n in sys.argv[1:]}))"
    )
    command = [sys.executable, "-c", code, *names]
    env = {**inherited, **PRODUCTION_ENV, **env}
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


def production_settings(names, **env):
    result = run_production_settings(names, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production():
    return production_settings(["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE"], DATABASE_REPLICA_URL=REPLICA_URL)


def test_without_a_replica_url_there_is_only_the_primary():
    plain = production_settings(["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE"])
    assert list(plain["DATABASES"]) == ["default"]
    assert not plain["DATABASE_ROUTERS"]
    assert "portal.delivery.replica.ReplicaReadsMiddleware" not in plain["MIDDLEWARE"]


def test_production_builds_the_replica_alias_from_the_environment(production):
    default, replica = production["DATABASES"]["default"], production["DATABASES"][REPLICA_DB_ALIAS]
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == (
        "10.0.0.2",
        5433,
        "portal_ro",
        "portal",
    )
    assert default["HOST"] == "10.0.0.1"
    for setting in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        assert replica[setting] == default[setting]
    assert replica["TEST"] == {"MIRROR": "default"}


def test_production_routes_and_marks_requests_when_the_replica_is_set(production):
    assert production["DATABASE_ROUTERS"] == ["portal.delivery.replica.PrimaryReplicaRouter"]
    middleware = production["MIDDLEWARE"]
    # Outside the session middleware and everything after it, which may read the database.
    assert middleware.index("portal.delivery.replica.ReplicaReadsMiddleware") + 1 == middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """The replica alias as Django's test runner makes it for TEST["MIRROR"]: a second connection to the test
    database. It sees only committed data, hence transactional tests below; inside a test case's transaction the
    router rightly sends every read to the primary anyway."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA_DB_ALIAS] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA_DB_ALIAS].close()
    del connections[REPLICA_DB_ALIAS]
    del connections.settings[REPLICA_DB_ALIAS]


@pytest.fixture
def replica(settings, production):
    """Production's router and middleware on the test settings, and a home page to read."""
    settings.DATABASE_ROUTERS = production["DATABASE_ROUTERS"]
    settings.MIDDLEWARE = production["MIDDLEWARE"]
    cache.clear()
    site, home = make_site()
    make_category(home)
    SiteSettings.for_site(site)
    return home


with_replica = pytest.mark.django_db(transaction=True, databases=["default", REPLICA_DB_ALIAS])


class QueriesByAlias:
    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections[REPLICA_DB_ALIAS]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@with_replica
@pytest.mark.parametrize("method", ["get", "head"])
def test_an_anonymous_page_view_reads_from_the_replica(replica, client, method):
    url = replica.url
    with QueriesByAlias() as queries:
        response = getattr(client, method)(url)
    assert response.status_code == 200
    assert any('FROM "wagtailcore_page"' in q["sql"] for q in queries.replica)
    # Every read: none on the primary (site settings are a plain read since they are created with the site).
    assert [q["sql"] for q in queries.primary] == []


@with_replica
def test_a_signed_in_users_page_view_reads_from_the_primary(replica, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("bientapvien", password="mot-mat-khau-du-dai"))
    url = replica.url
    with QueriesByAlias() as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0, [q["sql"] for q in queries.replica]


@with_replica
def test_a_post_reads_from_the_primary(replica, client):
    """The beacon (and the flush of its counts) is the busiest POST of a portal."""
    with QueriesByAlias() as queries:
        response = client.post(
            reverse("visits_beacon"), {"page": replica.pk}, content_type="application/json", HTTP_USER_AGENT="Firefox"
        )
    assert response.status_code == 200
    assert response.json()["counted"] is True
    assert len(queries.primary) > 0
    assert len(queries.replica) == 0, [q["sql"] for q in queries.replica]


@with_replica
def test_after_a_write_the_rest_of_the_request_reads_the_primary(replica, rf):
    seen = []

    def view(request):
        seen.append(router.db_for_read(Page))
        Site.objects.update(site_name="Cổng thông tin xã")
        seen.append(router.db_for_read(Page))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(rf.get("/"))
    assert seen == [REPLICA_DB_ALIAS, "default"]


@with_replica
def test_inside_a_transaction_reads_go_to_the_primary(replica, rf):
    seen = []

    def view(request):
        with transaction.atomic():
            seen.append(router.db_for_read(Page))
        seen.append(router.db_for_read(Page))
        return HttpResponse()

    ReplicaReadsMiddleware(view)(rf.get("/"))
    assert seen == ["default", REPLICA_DB_ALIAS]


@with_replica
def test_outside_a_request_everything_uses_the_primary(replica):
    """Management commands, scheduled publishing and the beacon's short road (which skips the middleware)."""
    with QueriesByAlias() as queries:
        assert Page.objects.count() > 0
    assert len(queries.primary) == 1 and len(queries.replica) == 0
    assert router.db_for_write(Page) == "default"
    assert router.allow_migrate("default", "wagtailcore") is True
    assert router.allow_migrate(REPLICA_DB_ALIAS, "wagtailcore") is False
