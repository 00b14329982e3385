"""The editor types a Vietnamese title; the slug the admin proposes is transliterated, đ included."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_category, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đà Nẵng đón đoàn công tác", "da-nang-don-doan-cong-tac"),
        ("Nghị quyết số 06/2020/NQ-HĐND của HĐND tỉnh", "nghi-quyet-so-06-2020-nq-hdnd-cua-hdnd-tinh"),
        ("Người dân Uỷ ban xã", "nguoi-dan-uy-ban-xa"),
    ],
)
def test_admin_proposes_transliterated_slug(browser_page, live_server, django_user_model, title, slug):
    from portal.core.text import slugify_vi

    assert slugify_vi(title) == slug  # the server-side rule agrees with the editor's script
    _, home = make_site()
    category = make_category(home)
    django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-thu-nghiem-123")

    browser_page.goto(f"{live_server.url}/admin/login/")
    browser_page.fill("input[name=username]", "bientap")
    browser_page.fill("input[name=password]", "mat-khau-thu-nghiem-123")
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url(f"{live_server.url}/admin/")
    browser_page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{category.pk}/")
    browser_page.locator("#id_title").press_sequentially(title)  # keystrokes, as an editor types
    browser_page.locator("#id_title").blur()
    # Wagtail alone proposes "dja-nng-ngi" for "Đà Nẵng Người"; the sync runs after a short debounce.
    expect(browser_page.locator("#id_slug")).to_have_value(slug)
