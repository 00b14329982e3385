"""The load_demo command: the seed exactly as the real portal shows it, corpus articles, idempotency."""

import datetime
import gzip
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.news.models import ArticlePage, CategoryPage

SEED_TITLE = "Tập huấn về phát triển năng lực lồng ghép giới cho cán bộ thị xã, cấp xã theo Chương trình 2, Dự án 8"


@pytest.fixture
def corpus_file(tmp_path):
    records = [
        {
            "id": f"vntc-test-{i}",
            "title": f"Tin thử nghiệm số {i}",
            "category": ["Pháp luật", "Thể thao", "Chính trị - Xã hội"][i % 3],
            "published": None,
            "body": f"Đoạn mở đầu {i}.\nĐoạn thân bài {i}.\nĐoạn kết {i}.",
            "source": "VnExpress",
        }
        for i in range(30)
    ]
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.mark.django_db
def test_seed_article_is_loaded_exactly_as_the_seed_shows_it(client, corpus_file):
    call_command("load_demo", data=corpus_file, limit=0, stdout=StringIO(), verbosity=0)
    article = ArticlePage.objects.get(title=SEED_TITLE)
    assert article.get_parent().title == "Tin tức - Sự kiện"
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert "Ngày cập nhật 26/12/2022" in page.select_one(".article-dates").get_text(" ", strip=True)
    assert page.select_one(".article-lead").get_text(strip=True).startswith("Nhằm phát huy vai trò của các cấp")
    assert "Thông tư 15/2022/TT-BTC" in page.select_one(".article-body").get_text()
    assert page.select_one(".article-byline").get_text(strip=True) == "Ngọc Bích - Phòng LĐTB&XH"
    assert page.select_one("[data-visits-total]").get_text(strip=True) == "8.627.271"
    assert page.select_one(".trust-badge img")["alt"] == "Chứng nhận Tín Nhiệm Mạng"


@pytest.mark.django_db
def test_corpus_articles_are_loaded_idempotently_with_limit(corpus_file):
    out = StringIO()
    call_command("load_demo", data=corpus_file, limit=20, stdout=out, verbosity=0)
    assert ArticlePage.objects.exclude(legacy_id__startswith="seed").count() == 20
    call_command("load_demo", data=corpus_file, limit=30, stdout=out, verbosity=0)
    assert ArticlePage.objects.exclude(legacy_id__startswith="seed").count() == 30
    call_command("load_demo", data=corpus_file, limit=30, stdout=out, verbosity=0)
    assert ArticlePage.objects.count() == 31
    assert "Đã nạp 0 tin bài mới (30 đã có từ trước)" in out.getvalue()

    article = ArticlePage.objects.get(legacy_id="vntc-test-4")
    assert article.lead == "Đoạn mở đầu 4."
    assert "Đoạn thân bài 4." in str(article.body)
    assert article.published_at is not None
    names = set(CategoryPage.objects.values_list("title", flat=True))
    assert {"Pháp luật", "Thể thao", "Chính trị - Xã hội", "Tin tức - Sự kiện"} <= names
    # Pages were placed in the tree correctly: treebeard agrees with itself.
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_published_dates_are_deterministic_and_within_two_years(corpus_file):
    call_command("load_demo", data=corpus_file, limit=30, stdout=StringIO(), verbosity=0)
    first = dict(ArticlePage.objects.values_list("legacy_id", "published_at"))
    ArticlePage.objects.exclude(legacy_id__startswith="seed").delete()
    call_command("load_demo", data=corpus_file, limit=30, stdout=StringIO(), verbosity=0)
    second = dict(ArticlePage.objects.values_list("legacy_id", "published_at"))
    assert first == second
    dates = [d for key, d in second.items() if not key.startswith("seed")]
    now = timezone.now()
    assert all(now - datetime.timedelta(days=731) <= d <= now for d in dates)  # the last two years, none ahead


@pytest.mark.django_db
def test_missing_data_file_gives_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp dữ liệu"):
        call_command("load_demo", data=tmp_path / "missing.jsonl.gz", stdout=StringIO())
    assert not ArticlePage.objects.exists()
    call_command("load_demo", data=tmp_path / "missing.jsonl.gz", seed_only_if_missing=True, stdout=StringIO())
    assert ArticlePage.objects.count() == 1


@pytest.mark.django_db
def test_make_run_gives_the_placeholder_site_the_development_servers_address(client, site_tree):
    """Feeds and other absolute links come from the Site record: under `make run` they must lead back to it."""
    from wagtail.models import Site

    from tests.factories import make_article

    site, _, category = site_tree
    article = make_article(category, title="Tin cho máy chủ phát triển")
    call_command("load_demo_if_empty", site_address="127.0.0.1:8000", stdout=StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert f"<link>http://127.0.0.1:8000{article.url}</link>" in client.get("/rss/").content.decode()

    Site.objects.filter(pk=site.pk).update(hostname="huongtra.example.gov.vn", port=443)
    call_command("load_demo_if_empty", site_address="127.0.0.1:8000", stdout=StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("huongtra.example.gov.vn", 443)  # an address someone chose is kept
    with pytest.raises(CommandError):
        call_command("load_demo_if_empty", site_address="127.0.0.1", stdout=StringIO())


@pytest.mark.django_db
def test_the_demo_has_a_documents_page(client, corpus_file):
    call_command("load_demo", "--data", str(corpus_file), "--limit", "1", verbosity=0)
    call_command("load_demo", "--data", str(corpus_file), "--limit", "1", verbosity=0)  # idempotent
    response = client.get("/van-ban/")
    assert response.status_code == 200
    assert "Chưa có văn bản." in response.content.decode()
