import unicodedata

import pytest

from portal.news.models import ArticlePage, Department
from tests.factories import make_article

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731


@pytest.mark.django_db
def test_nfd_article_is_stored_nfc(site_tree):
    _, _, category = site_tree
    title = "Ủy ban nhân dân xã Bình Tiến"
    article = make_article(
        category,
        title=NFD(title),
        lead=NFD("Bình đẳng giới"),
        body=[{"type": "paragraph", "value": NFD("<p>Hội Liên hiệp phụ nữ</p>")}],
        author_name=NFD("Ngọc Bích"),
    )
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.title == title
    assert stored.lead == "Bình đẳng giới"
    assert stored.author_name == "Ngọc Bích"
    assert stored.body.raw_data[0]["value"] == "<p>Hội Liên hiệp phụ nữ</p>"
    assert stored.slug == "uy-ban-nhan-dan-xa-binh-tien"


@pytest.mark.django_db
def test_nfd_snippet_is_stored_nfc():
    department = Department.objects.create(short_name=NFD("Phòng LĐTB&XH"))
    assert Department.objects.get(pk=department.pk).short_name == "Phòng LĐTB&XH"


@pytest.mark.django_db
def test_search_query_reaches_view_as_nfc(client, site_tree):
    response = client.get("/tim-kiem/", {"q": NFD("bình đẳng")})
    assert response.context["search_query"] == "bình đẳng"
