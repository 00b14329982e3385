"""Editors read the statistics in the admin: per day, per month, current visitors, most read, CSV."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from portal.visits.models import DailyVisits, PageViews, SiteVisitCounter
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site_tree):
    site, home, category = site_tree
    SiteVisitCounter.objects.create(site=site, starting_total=8_627_271, counted_total=1500)
    today = timezone.localdate()
    DailyVisits.objects.create(site=site, day=today, visits=1234, views=2345)
    DailyVisits.objects.create(site=site, day=today - datetime.timedelta(days=10), visits=7, views=9)
    DailyVisits.objects.create(site=site, day=today - datetime.timedelta(days=200), visits=55, views=60)
    popular = make_article(category, title="Tin đọc nhiều")
    older = make_article(category, title="Tin cũ được đọc")
    PageViews.objects.create(page=popular, day=today, views=40)
    PageViews.objects.create(page=older, day=today - datetime.timedelta(days=20), views=90)
    PageViews.objects.create(page=home, day=today, views=999)  # the home page is not an article
    return site, popular, older


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "x"))  # noqa: S106
    return client


def test_statistics_page_shows_days_months_and_most_read(admin_client, history):
    site, popular, older = history
    html = admin_client.get("/admin/thong-ke-truy-cap/").content.decode()
    assert "Thống kê truy cập" in html and "8.628.771" in html
    assert "1.234" in html and "2.345" in html  # today's bar in the 30-day chart
    assert timezone.localdate().strftime("%d/%m") in html
    assert "<svg" in html and "<script>" not in html.split("visits-chart")[1][:2000]
    week = html.split("Đọc nhiều nhất 7 ngày qua")[1].split("Đọc nhiều nhất 30 ngày qua")[0]
    month = html.split("Đọc nhiều nhất 30 ngày qua")[1]
    assert "Tin đọc nhiều" in week and "Tin cũ được đọc" not in week
    assert month.index("Tin cũ được đọc") < month.index("Tin đọc nhiều")  # 90 views before 40
    assert "999" not in html


def test_csv_export_lists_every_day(admin_client, history):
    response = admin_client.get("/admin/thong-ke-truy-cap/csv/")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Ngày,Lượt truy cập,Lượt xem"
    assert len(lines) == 4 and lines[-1] == f"{timezone.localdate():%d/%m/%Y},1234,2345"


def test_statistics_need_an_admin_login(client, history):
    assert client.get("/admin/thong-ke-truy-cap/").status_code == 302
    assert client.get("/admin/thong-ke-truy-cap/csv/").status_code == 302
