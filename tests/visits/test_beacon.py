"""The beacon counts people as docs/statistics.md defines them, behind any cache, and refuses bad input with a 4xx."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from portal.visits.models import DailyVisits, PageViews, RecentVisitor, SiteVisitCounter
from tests.factories import make_article, make_category, make_site
from tests.visits.wsgi_client import WsgiClient

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
OTHER_BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari"


@pytest.fixture(params=["django-handler", "wsgi-application"])
def client(request, client):
    """Every test runs twice: through Django's handler (the road editors' beacons take) and through the WSGI
    application the servers run, where anonymous beacons take the short road (portal/visits/handler.py)."""
    return client if request.param == "django-handler" else WsgiClient(client)


@pytest.fixture
def article(site_tree):
    site, _, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=8_627_271)
    return make_article(category, title="Tập huấn bình đẳng giới")


def beacon_post(page):
    return "/api/thong-ke/", json.dumps({"page": page.pk}), "application/json"


def send(client, page, agent=BROWSER, address="203.0.113.7", **headers):
    return client.post(
        "/api/thong-ke/",
        json.dumps({"page": page.pk}),
        content_type="application/json",
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR=address,
        **headers,
    )


def at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def mid_morning():
    """Today at 09:00 local: visitors are hashed with a daily key, so a test hour that crossed local midnight
    would meet new visitors (the tests would pass or fail by the time of day)."""
    return timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)


def test_a_first_view_counts_one_visit_and_one_view(client, article):
    answer = send(client, article).json()
    assert answer == {"total": 8_627_272, "current": 1, "views": 1, "counted": True}
    day = DailyVisits.objects.get()
    assert (day.visits, day.views, day.day) == (1, 1, timezone.localdate())


def test_repeats_within_the_windows_count_nothing_more(client, article, monkeypatch):
    start = mid_morning()
    at(monkeypatch, start)
    for _ in range(5):
        answer = send(client, article).json()
    assert (answer["total"], answer["views"]) == (8_627_272, 1)
    at(monkeypatch, start + datetime.timedelta(minutes=29))
    assert send(client, article).json()["total"] == 8_627_272
    # 30 minutes after the last page view, the next one starts a new visit and a new view.
    at(monkeypatch, start + datetime.timedelta(minutes=59, seconds=1))
    answer = send(client, article).json()
    assert (answer["total"], answer["views"]) == (8_627_273, 2)


def test_current_visitors_are_those_seen_in_the_last_five_minutes(client, article, monkeypatch):
    start = mid_morning()
    at(monkeypatch, start)
    send(client, article)
    at(monkeypatch, start + datetime.timedelta(minutes=3))
    assert send(client, article, agent=OTHER_BROWSER).json()["current"] == 2
    at(monkeypatch, start + datetime.timedelta(minutes=6))
    assert send(client, article, address="198.51.100.9").json()["current"] == 2  # the first one has left


def test_one_visit_can_view_several_articles(client, article, site_tree):
    other = make_article(site_tree[2], title="Lịch tiếp công dân")
    send(client, article)
    answer = send(client, other).json()
    assert (answer["total"], answer["views"]) == (8_627_272, 1)
    assert PageViews.objects.get(page=article, day__isnull=True).views == 1


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", {}),
        ("coccocbot-web/1.0 (+http://help.coccoc.com/searchengine)", {}),
        ("curl/8.5.0", {}),
        ("", {}),
        (BROWSER, {"HTTP_SEC_PURPOSE": "prefetch"}),
        (BROWSER, {"HTTP_PURPOSE": "prefetch"}),
        (BROWSER, {"HTTP_X_MOZ": "prefetch"}),
    ],
)
def test_robots_and_prefetches_are_not_counted(client, article, agent, headers):
    answer = send(client, article, agent=agent, **headers).json()
    assert answer["counted"] is False and answer["total"] == 8_627_271
    assert not RecentVisitor.objects.exists() and not DailyVisits.objects.exists()


def test_logged_in_editors_are_not_counted(client, article):
    editor = User.objects.create_user("bientap", password="x")  # noqa: S106
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)
    assert send(client, article).json()["counted"] is False
    assert SiteVisitCounter.objects.get().counted_total == 0


def test_the_visitor_is_a_daily_hash_not_an_address(client, article):
    send(client, article)
    stored = RecentVisitor.objects.values_list("visitor", flat=True)
    assert all("203.0.113.7" not in value and len(value) == 32 for value in stored)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("", 400),
        ("not json", 400),
        ("[]", 400),
        ('{"page": "12"}', 400),
        ('{"page": true}', 400),
        ('{"page": -1}', 400),
        ('{"page": 99999999999}', 400),
        ('{"trang": 1}', 400),
        ('{"page": 987654}', 404),
        ("\xff\xfe", 400),
        ('{"page": 1, "pad": "' + "x" * 400 + '"}', 413),
    ],
)
def test_bad_bodies_are_refused_and_count_nothing(client, article, body, status):
    response = client.post("/api/thong-ke/", body, content_type="application/json", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == status
    assert "error" in response.json()
    assert not RecentVisitor.objects.exists() and SiteVisitCounter.objects.get().counted_total == 0


def test_a_malformed_content_length_is_refused(client, article):
    response = client.generic(
        "POST", "/api/thong-ke/", b'{"page": 1}', content_type="application/json", CONTENT_LENGTH="abc"
    )
    assert response.status_code == 400 and SiteVisitCounter.objects.get().counted_total == 0


def test_wrong_method_and_foreign_origin_are_refused(client, article):
    assert client.get("/api/thong-ke/", HTTP_USER_AGENT=BROWSER).status_code == 405
    assert send(client, article, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert send(client, article, HTTP_ORIGIN="http://testserver").status_code == 200


def test_another_sites_page_is_not_counted_here(client, article):
    _, other_home = make_site(hostname="xa-binh-tien.example", title="Xã Bình Tiến", default=False)
    other_article = make_article(make_category(other_home), title="Tin của xã khác")
    assert send(client, other_article).status_code == 404
    assert not RecentVisitor.objects.exists()


def test_article_html_is_the_same_for_every_visitor(client, article):
    first = client.get(article.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
    second = client.get(article.url, HTTP_USER_AGENT=OTHER_BROWSER, REMOTE_ADDR="198.51.100.9")
    assert first.content == second.content
    html = first.content.decode()
    assert f'data-page="{article.pk}"' in html and 'data-beacon="/api/thong-ke/"' in html
    assert "8.627.271" in html and "Lượt xem" in html
    assert "<script>" not in html  # the beacon is a static file, no inline script


def test_the_script_is_small(settings):
    source = (settings.BASE_DIR / "portal/static/js/visits.js").read_text()
    minified = "".join(line.strip() for line in source.splitlines() if not line.strip().startswith("//"))
    assert len(minified.encode()) < 1024


def test_anonymous_beacons_take_the_short_road_and_editors_the_full_one(client, article, monkeypatch):
    from portal.wsgi import application

    taken = []
    short_road = application.beacon
    monkeypatch.setattr(application, "beacon", lambda *args: taken.append(1) or short_road(*args))
    through_wsgi = WsgiClient(client if isinstance(client, Client) else client.client)
    assert through_wsgi.post(*beacon_post(article), HTTP_USER_AGENT=BROWSER).json()["counted"] is True
    assert taken == [1]
    editor = User.objects.create_user("bientap", password="x")  # noqa: S106
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    through_wsgi.force_login(editor)
    assert through_wsgi.post(*beacon_post(article), HTTP_USER_AGENT=BROWSER).json()["counted"] is False
    assert taken == [1]


def test_the_beacon_notices_an_unpublished_page_at_once(client, article):
    assert send(client, article).status_code == 200
    article.unpublish()
    assert send(client, article, address="198.51.100.9").status_code == 404
    article.save_revision().publish()
    assert send(client, article, address="198.51.100.9").status_code == 200


@pytest.mark.parametrize("spelling", ["sessionid ={key}", "a=1;sessionid={key}", " sessionid = {key} ; b=2"])
def test_an_editors_session_cookie_takes_the_full_road_however_it_is_spelled(client, article, spelling):
    """Django reads these as the session (as nginx's cache bypass does): the short road must not count the editor."""
    editor = User.objects.create_user("bientap", password="x")  # noqa: S106
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    django_client = client if isinstance(client, Client) else client.client
    django_client.force_login(editor)
    key = django_client.cookies["sessionid"].value
    django_client.cookies.clear()
    through_wsgi = WsgiClient(django_client)
    answer = through_wsgi.post(*beacon_post(article), HTTP_USER_AGENT=BROWSER, HTTP_COOKIE=spelling.format(key=key))
    assert answer.json()["counted"] is False
    assert SiteVisitCounter.objects.get().counted_total == 0


def test_the_origin_check_compares_scheme_and_host_name_not_port(client, article):
    # nginx passes the host name without its port; a browser on a non-standard port still sends it in Origin.
    assert send(client, article, HTTP_ORIGIN="http://testserver:8443").status_code == 200
    assert send(client, article, HTTP_ORIGIN="https://testserver").status_code == 403
    assert send(client, article, HTTP_ORIGIN="http://testserver.evil.example").status_code == 403
    assert send(client, article, HTTP_ORIGIN="http://[bad").status_code == 403
