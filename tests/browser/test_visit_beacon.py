"""In Chromium: the cached article page counts the reader through the beacon and shows the fresh figures."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal.news.models import ArticlePage
from portal.visits.models import SiteVisitCounter
from tests.news.test_demo_content import SEED_TITLE, corpus_file  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_url(corpus_file, live_server):  # noqa: F811
    call_command("load_demo", data=corpus_file, limit=10, stdout=StringIO(), verbosity=0)
    return live_server.url + ArticlePage.objects.get(title=SEED_TITLE).url


# Headless Chromium calls itself "HeadlessChrome", which the crawler list rightly leaves uncounted.
PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


@pytest.fixture
def reader(chromium):
    context = chromium.new_context(user_agent=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    yield context.new_page()
    context.close()


def test_headless_chromium_is_a_robot(browser_page, seed_url):
    browser_page.goto(seed_url)
    browser_page.wait_for_load_state("networkidle")
    assert SiteVisitCounter.objects.get().counted_total == 0


def test_a_reader_is_counted_once_and_sees_the_new_total(reader, seed_url):
    browser_page = reader
    browser_page.goto(seed_url)
    total = browser_page.locator(".visit-stats [data-visits-total]")
    total.filter(has_text="8.627.272").wait_for()
    assert browser_page.locator(".visit-stats [data-visits-current]").inner_text() == "1"
    assert browser_page.locator("[data-visits-views]").inner_text() == "1"
    browser_page.reload()  # the same reader again, within 30 minutes: the same visit
    browser_page.wait_for_load_state("networkidle")
    assert total.inner_text() == "8.627.272"
    assert SiteVisitCounter.objects.get().counted_total == 1


def test_without_javascript_nothing_is_counted(chromium, seed_url):
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(seed_url)
    assert page.locator(".visit-stats [data-visits-total]").inner_text() == "8.627.271"
    context.close()
    assert SiteVisitCounter.objects.get().counted_total == 0
