"""In Chromium, with the policies on: public pages run their scripts, and an editor enrols 2FA and edits a page."""

import os
import re
from base64 import b32decode
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django_otp.oath import totp

from portal.accounts import enrolment
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_article, make_category, make_site

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def policy_violations_during(scenario) -> list[str]:
    """Runs scenario(page) in a fresh Chromium and returns what the browser reported as blocked by a policy.

    Playwright's sync API allows one instance per thread and tests/browser keeps one open for the whole session,
    so this browser lives in a thread of its own.
    """
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: run `make browsers` (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
                violations = []
                # Chromium reports every blocked script, style, image or frame on the console.
                page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else 0)
                scenario(page)
                return violations
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_public_article_runs_its_scripts_under_the_policy(live_server):
    from playwright.sync_api import expect

    _, home = make_site()
    article = make_article(make_category(home), title="Tập huấn về bình đẳng giới")

    def read_article(page):
        response = page.goto(live_server.url + article.url)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        expect(page.locator(".print-button")).to_be_visible()  # shown by static/js/portal.js
        page.locator("#search-q").press_sequentially("tap huan")
        expect(page.locator("#search-suggestions option").first).to_be_attached()  # its fetch() is allowed

    assert policy_violations_during(read_article) == []


def test_editor_enrols_an_authenticator_and_edits_a_page(live_server, settings, django_user_model):
    from playwright.sync_api import expect

    settings.PORTAL_REQUIRE_2FA = True
    _, home = make_site()
    category = make_category(home)
    article = make_article(category, title="Tin bài để biên tập")
    editor = django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-thu-nghiem-123")
    enrolment_code, _ = enrolment.issue(editor)  # what a Quản trị hands over: the password alone binds no app
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def enrol_and_edit(page):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "bientap")
        page.fill("input[name=password]", "mat-khau-thu-nghiem-123")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/xac-thuc-hai-lop/dang-ky/"))
        expect(page.locator("#main h1")).to_have_text("Đăng ký xác thực hai lớp")
        page.fill("input[name=enrolment_code]", enrolment_code)
        page.get_by_role("button", name="Tiếp tục").click()
        expect(page.locator(".two-factor-qr svg")).to_be_visible()
        page.screenshot(path=SCREENSHOTS / "two-factor-enrolment.png", full_page=True)

        secret = page.locator("[data-secret]").inner_text().replace(" ", "")
        key = b32decode(secret + "=" * (-len(secret) % 8))
        page.fill("input[name=token]", f"{totp(key):06d}")
        page.get_by_role("button", name="Xác nhận và tiếp tục").click()
        page.wait_for_url(f"{live_server.url}/admin/")

        page.goto(f"{live_server.url}/admin/pages/add/news/articlepage/{category.pk}/")
        page.locator("#id_title").press_sequentially("Đà Nẵng")
        page.locator("#id_title").blur()
        expect(page.locator("#id_slug")).to_have_value("da-nang")  # the admin's scripts run

        # The editor's toolbar on a public page lives with the public page's strict policy.
        page.goto(live_server.url + article.url)
        page.locator("wagtail-userbar").get_by_role("button").first.click()
        expect(page.locator("wagtail-userbar").get_by_role("menuitem").first).to_be_visible()

    assert policy_violations_during(enrol_and_edit) == []
