"""Every block of the seed page, on a real article page."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.core.models import SiteSettings
from portal.news.models import ArticlePage, Department
from portal.visits.models import SiteVisitCounter
from tests.factories import local_dt, make_article, make_category


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def seed_article(site_tree):
    site, home, category = site_tree
    department = Department.objects.create(
        short_name="Phòng LĐTB&XH", full_name="Phòng Lao động - Thương binh và Xã hội"
    )
    article = make_article(
        category,
        title="Tập huấn về phát triển năng lực lồng ghép giới",
        lead="Nhằm phát huy vai trò của các cấp, các ngành.",
        body=[{"type": "paragraph", "value": "<p>Ngày 15/12/2022, Ủy ban nhân dân thị xã Hương Trà phối hợp.</p>"}],
        author_name="Ngọc Bích",
        department=department,
        published_at=local_dt(2022, 12, 15, 9),
        last_published_at=local_dt(2022, 12, 26, 10),
    )
    return site, home, category, article


@pytest.mark.django_db
def test_article_shows_title_updated_date_lead_body_and_byline(client, seed_article):
    *_, article = seed_article
    page = soup_of(client.get(article.url))
    assert page.h1.get_text(strip=True) == "Tập huấn về phát triển năng lực lồng ghép giới"
    assert "Ngày cập nhật 26/12/2022" in page.select_one(".article-dates").get_text(" ", strip=True)
    assert "Ngày đăng 15/12/2022" in page.select_one(".article-dates").get_text(" ", strip=True)
    assert page.select_one(".article-lead").get_text(strip=True) == "Nhằm phát huy vai trò của các cấp, các ngành."
    assert "Ủy ban nhân dân thị xã Hương Trà" in page.select_one(".article-body").get_text()
    assert page.select_one(".article-byline").get_text(strip=True) == "Ngọc Bích - Phòng LĐTB&XH"


@pytest.mark.django_db
def test_search_box_submits_to_search_page(client, seed_article):
    *_, article = seed_article
    form = soup_of(client.get(article.url)).select_one("form[role=search]")
    assert form["action"] == "/tim-kiem/"
    assert form.select_one("input[name=q]")["placeholder"] == "Tìm kiếm thông tin"
    assert client.get(form["action"], {"q": "tập huấn"}).status_code == 200


@pytest.mark.django_db
def test_trust_badge_absent_without_settings_and_shown_when_configured(client, seed_article):
    site, *_, article = seed_article
    assert soup_of(client.get(article.url)).select_one(".trust-badge") is None

    from portal.news.demo_content import make_trust_badge_image

    settings = SiteSettings.for_site(site)
    settings.trust_badge_image = make_trust_badge_image()
    settings.trust_badge_url = "https://tinnhiemmang.vn/danh-ba-tin-nhiem/huongtra"
    settings.save()
    badge = soup_of(client.get(article.url)).select_one(".trust-badge a")
    assert badge["href"] == "https://tinnhiemmang.vn/danh-ba-tin-nhiem/huongtra"
    assert badge.img["alt"] == "Chứng nhận Tín Nhiệm Mạng"


@pytest.mark.django_db
def test_other_news_lists_ten_newest_of_same_category_never_current(client, seed_article):
    _, home, category, article = seed_article
    others = [make_article(category, title=f"Tin khác {i}", published_at=local_dt(2022, 11, 1 + i)) for i in range(12)]
    elsewhere = make_article(
        make_category(home, "Văn hóa"), title="Tin chuyên mục khác", published_at=local_dt(2023, 1, 1)
    )
    draft = make_article(category, title="Bản nháp", published_at=local_dt(2023, 1, 2), live=False)

    block = soup_of(client.get(article.url)).select_one(".other-news")
    titles = [a.get_text(strip=True) for a in block.select(".article-list a")]
    assert titles == [f"Tin khác {i}" for i in range(11, 1, -1)]
    assert article.title not in titles and elsewhere.title not in titles and draft.title not in titles
    assert "(12/11/2022)" in block.get_text()  # each with its date
    assert block.select_one(".more-link a")["href"] == category.url
    assert len(others) == 12


@pytest.mark.django_db
def test_date_picker_and_visit_statistics_blocks(client, seed_article):
    site, home, _, article = seed_article
    SiteVisitCounter.objects.create(site=site, starting_total=8627271)
    page = soup_of(client.get(article.url))
    picker = page.select_one(".date-picker form")
    assert picker["action"] == "/ngay/"
    assert picker.select_one("input[type=date]")["name"] == "ngay"
    stats = page.select_one(".visit-stats")
    assert stats.h2.get_text(strip=True) == "Thống kê truy cập"
    assert "Truy cập tổng" in stats.get_text() and "Truy cập hiện tại" in stats.get_text()
    assert stats.select_one("[data-visits-total]").get_text(strip=True) == "8.627.271"


@pytest.mark.django_db
def test_print_stylesheet_hides_menus_and_save_downloads_clean_copy(client, seed_article):
    *_, article = seed_article
    page = soup_of(client.get(article.url))
    print_css = page.select_one('link[media="print"]')["href"]
    assert print_css.endswith("print.css")
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert ".main-menu" in css and ".sidebar" in css and "display: none" in css

    download = client.get(article.url + "luu/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{article.slug}.html"'
    copy = BeautifulSoup(download.content, "html.parser")
    assert copy.h1.get_text(strip=True) == article.title
    assert copy.select_one(".byline").get_text(strip=True) == "Ngọc Bích - Phòng LĐTB&XH"
    assert not copy.select("script") and not copy.select("link[rel=stylesheet]") and not copy.select("nav")
    assert copy.style is not None  # styles travel inside the file


@pytest.mark.django_db
def test_share_metadata(client, seed_article):
    *_, article = seed_article
    page = soup_of(client.get(article.url))
    assert page.select_one('meta[property="og:title"]')["content"] == article.title
    assert page.select_one('meta[property="og:type"]')["content"] == "article"
    import json

    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"].startswith("2022-12-15T09:00:00+07:00")
    assert data["dateModified"].startswith("2022-12-26T10:00:00+07:00")


@pytest.mark.django_db
def test_published_date_defaults_to_first_publication(site_tree):
    _, _, category = site_tree
    article = category.add_child(instance=ArticlePage(title="Tin mới", live=False))
    assert article.published_at is None
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == article.first_published_at
    first = article.published_at
    article.lead = "Sửa lại"
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.published_at == first  # ngày đăng stays
    assert article.last_published_at > first  # ngày cập nhật moves


@pytest.mark.django_db
def test_article_pages_are_cacheable_for_anonymous_readers(client, seed_article):
    *_, article = seed_article
    response = client.get(article.url)
    assert "public" in response["Cache-Control"]
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.django_db
def test_saved_copy_survives_a_deleted_image(client, site_tree):
    from portal.news.demo_content import make_trust_badge_image

    _, _, category = site_tree
    image = make_trust_badge_image()
    article = make_article(
        category, body=[{"type": "image", "value": {"image": image.pk, "caption": "Ảnh", "alt_text": ""}}]
    )
    assert client.get(article.url + "luu/").status_code == 200
    image.delete()
    assert client.get(article.url).status_code == 200
    assert client.get(article.url + "luu/").status_code == 200
