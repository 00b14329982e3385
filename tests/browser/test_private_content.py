"""In Chromium: a reader logs in to a login-restricted page, and unlocks a password-protected one."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from tests.factories import make_article, make_category, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def articles(live_server):
    _, home = make_site()
    category = make_category(home)
    members_only = make_article(category, title="Thông báo nội bộ cho cán bộ", lead="Chỉ cán bộ được đọc.")
    PageViewRestriction.objects.create(page=members_only, restriction_type=PageViewRestriction.LOGIN)
    locked = make_article(category, title="Tài liệu hội nghị có mật khẩu", lead="Mở bằng mật khẩu.")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="hoinghi2025"
    )
    get_user_model().objects.create_user("canbo", "canbo@example.gov.vn", "mat-khau-can-bo-2025")
    return live_server.url, members_only, locked


def test_a_reader_logs_in_to_a_restricted_page(browser_page, articles):
    base, members_only, _ = articles
    browser_page.goto(base + members_only.url)
    assert "/_util/login/" in browser_page.url
    browser_page.fill("input[name=username]", "canbo")
    browser_page.fill("input[name=password]", "mat-khau-can-bo-2025")
    browser_page.get_by_role("main").locator("button[type=submit]").click()
    browser_page.wait_for_url(base + members_only.url)
    assert browser_page.locator("h1.article-title").inner_text() == "Thông báo nội bộ cho cán bộ"


def test_a_reader_unlocks_a_password_protected_page(browser_page, articles):
    base, _, locked = articles
    browser_page.goto(base + locked.url)
    assert browser_page.locator("h1.article-title").count() == 0
    browser_page.fill("input[name=password]", "sai-mat-khau")
    browser_page.get_by_role("main").locator("button[type=submit]").click()
    assert browser_page.locator("h1.article-title").count() == 0  # a wrong password opens nothing
    browser_page.fill("input[name=password]", "hoinghi2025")
    browser_page.get_by_role("main").locator("button[type=submit]").click()
    browser_page.wait_for_url(base + locked.url)
    assert browser_page.locator("h1.article-title").inner_text() == "Tài liệu hội nghị có mật khẩu"
