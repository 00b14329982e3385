"""What a person sees: the seed article with every block, on a phone and a desktop, accessible, without JavaScript."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.news.models import ArticlePage
from tests.news.test_demo_content import SEED_TITLE, corpus_file  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo_site(corpus_file, live_server):  # noqa: F811
    call_command("load_demo", data=corpus_file, limit=30, stdout=StringIO(), verbosity=0)
    seed = ArticlePage.objects.get(title=SEED_TITLE)
    return live_server.url, seed


def expect_seed_blocks(page):
    visible = [
        "form[role=search] input[placeholder='Tìm kiếm thông tin']",
        ".trust-badge img[alt='Chứng nhận Tín Nhiệm Mạng']",
        "h1.article-title",
        ".article-dates .updated",
        ".article-lead",
        ".article-body",
        ".article-byline",
        ".other-news .article-list a",
        ".date-picker input[type=date]",
        ".visit-stats [data-visits-total]",
        ".visit-stats [data-visits-current]",
    ]
    for selector in visible:
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator("h1.article-title").inner_text() == SEED_TITLE
    assert page.locator(".article-dates .updated").inner_text() == "Ngày cập nhật 26/12/2022"
    assert page.locator(".article-byline").inner_text() == "Ngọc Bích - Phòng LĐTB&XH"
    assert page.get_by_role("heading", name="Các tin khác").is_visible()
    assert page.get_by_role("heading", name="Xem tin theo ngày").is_visible()
    assert page.get_by_role("heading", name="Thống kê truy cập").is_visible()
    assert page.locator(".visit-stats [data-visits-total]").inner_text() == "8.627.271"
    badge_width = page.locator(".trust-badge img").evaluate("img => img.complete && img.naturalWidth")
    assert badge_width > 0, "the trust badge image did not load"


@pytest.mark.parametrize("width", [360, 1280])
def test_seed_article_shows_every_block(browser_page, demo_site, width):
    base_url, seed = demo_site
    browser_page.set_viewport_size({"width": width, "height": 900})
    browser_page.goto(base_url + seed.url)
    expect_seed_blocks(browser_page)
    # Nothing overflows the phone's width.
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=SCREENSHOTS / f"seed-article-{width}.png", full_page=True)


def test_seed_article_is_readable_without_javascript(chromium, demo_site):
    base_url, seed = demo_site
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + seed.url)
    expect_seed_blocks(page)
    context.close()


def test_print_hides_menus_and_widgets(browser_page, demo_site):
    base_url, seed = demo_site
    browser_page.goto(base_url + seed.url)
    assert browser_page.locator(".print-button").is_visible()  # revealed by the script
    browser_page.emulate_media(media="print")
    assert browser_page.locator("h1.article-title").is_visible()
    assert browser_page.locator(".article-body").is_visible()
    for selector in (".main-menu", ".sidebar", ".search-box", ".other-news", ".article-tools"):
        assert not browser_page.locator(selector).is_visible(), selector


def test_date_picker_leads_to_the_days_articles(browser_page, demo_site):
    base_url, seed = demo_site
    browser_page.goto(base_url + seed.url)
    browser_page.fill(".date-picker input[type=date]", "2022-12-26")
    browser_page.click(".date-picker button")
    browser_page.wait_for_url("**/ngay/2022/12/26/")
    assert browser_page.locator("h1").inner_text() == "Tin ngày 26/12/2022"
    assert browser_page.get_by_role("link", name=SEED_TITLE).is_visible()


def test_no_serious_accessibility_violations(browser_page, demo_site):
    from axe_playwright_python.sync_playwright import Axe

    base_url, seed = demo_site
    category = seed.get_parent()
    axe = Axe()
    problems = {}
    for path in ("/", category.url, seed.url, "/ngay/2022/12/26/", "/tim-kiem/?q=t%E1%BA%ADp+hu%E1%BA%A5n"):
        browser_page.goto(base_url + path)
        report = axe.run(browser_page).response
        assert report["passes"], "axe-core ran no rule"
        violations = report["violations"]
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in violations if v["impact"] in SERIOUS]
        if serious:
            problems[path] = serious
    assert problems == {}


def test_search_box_suggests_titles_typed_without_accents(browser_page, demo_site):
    base_url, seed = demo_site
    browser_page.goto(base_url + "/")
    browser_page.locator("#search-q").press_sequentially("tap huan ve phat")
    options = browser_page.locator("#search-suggestions option")
    options.first.wait_for(state="attached")
    assert SEED_TITLE in [options.nth(i).get_attribute("value") for i in range(options.count())]
    browser_page.locator("#search-q").fill("binh dang gioi")
    browser_page.locator("#search-q").press("Enter")
    browser_page.wait_for_url("**/tim-kiem/?q=binh+dang+gioi")
    assert browser_page.locator(".did-you-mean a").inner_text() == "bình đẳng giới"
    assert browser_page.locator(".search-results h2 a").first.inner_text() == SEED_TITLE
