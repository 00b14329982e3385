"""Characters XML 1.0 and HTML forbid (Word's soft line break, \\x0b, above all) never break a page or a feed."""

import importlib
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from wagtail.models import Page

from portal.core.text import clean_text
from portal.news.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SOFT_BREAK = "\x0b"  # what Word puts in text for Shift+Enter


def test_clean_text_keeps_what_text_needs_and_drops_what_xml_forbids():
    assert clean_text("Dòng một\x0bdòng hai\x0ctrang\tcột\r\nxong") == "Dòng một\ndòng hai\ntrang\tcột\r\nxong"
    assert clean_text("Tiêu\x0bđề\tcó\nxuống dòng", multiline=False) == "Tiêu đề có xuống dòng"
    assert clean_text("a\x00b\x08c\x1fd\x7fe\x85f\ud800g\ufffeh") == "abcdefgh"
    assert clean_text("Ủy ban") == "Ủy ban"  # NFD in, NFC out, as before


def test_text_pasted_with_soft_breaks_is_stored_clean(site_tree):
    _, _, category = site_tree
    article = make_article(
        category,
        title=f"Hội nghị{SOFT_BREAK}tổng kết",
        lead=f"Dòng đầu{SOFT_BREAK}dòng sau\x01",
        body=[{"type": "paragraph", "value": f"<p>Nội{SOFT_BREAK}dung\x1b</p>"}],
    )
    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.title == "Hội nghị tổng kết"
    assert stored.lead == "Dòng đầu\ndòng sau"
    assert stored.body.raw_data[0]["value"] == "<p>Nội\ndung</p>"
    revision = article.save_revision()
    revision.refresh_from_db()
    assert SOFT_BREAK not in revision.content["title"] and SOFT_BREAK not in revision.content["lead"]


def test_queries_reach_views_clean(client, site_tree):
    response = client.get("/tim-kiem/", {"q": f"bình{SOFT_BREAK}đẳng\x00"})
    assert response.status_code == 200
    assert response.context["search_query"] == "bình đẳng"  # and the search box is one line (search/forms.py)


def _store_directly(article, **values):
    """Write ``values`` as they are, past every signal: what older code or a raw import left in the database."""
    ArticlePage.objects.filter(pk=article.pk).update(**{k: v for k, v in values.items() if k != "title"})
    if "title" in values:
        Page.objects.filter(pk=article.pk).update(title=values["title"])


def test_feeds_and_sitemap_never_fail_on_stored_text(client, site_tree):
    _, home, category = site_tree
    article = make_article(category, title="Tin có ký tự lạ")
    _store_directly(article, title=f"Tin{SOFT_BREAK}có\x02 ký tự lạ", lead=f"Sapo{SOFT_BREAK}\x1fcó ký tự lạ")
    for url in (home.url + "rss/", category.url + "rss/"):
        response = client.get(url)
        assert response.status_code == 200, url
        item = ET.fromstring(response.content).find("channel/item")
        assert item.findtext("title") == "Tin có ký tự lạ"
        assert item.findtext("description") == "Sapo có ký tự lạ"
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and article.slug in response.content.decode()
    assert client.get(article.url).status_code == 200


def test_the_data_migration_cleans_rows_stored_before(site_tree):
    _, _, category = site_tree
    article = make_article(category, title="Tin cũ")
    revision = article.save_revision()
    _store_directly(
        article,
        title=f"Tin{SOFT_BREAK}cũ",
        lead=f"Sapo{SOFT_BREAK}cũ\x07",
        body=[{"type": "paragraph", "value": f"<p>Thân{SOFT_BREAK}bài\x85</p>", "id": "b1"}],
    )
    type(revision).objects.filter(pk=revision.pk).update(content={**revision.content, "lead": f"Nháp{SOFT_BREAK}x"})
    untouched = make_article(category, title="Tin sạch")
    before = Page.objects.get(pk=untouched.pk)

    migration = importlib.import_module("portal.core.migrations.0002_clean_control_characters")
    migration.clean_stored_text(apps, SimpleNamespace(connection=connection))  # all RunPython reads of its editor

    stored = ArticlePage.objects.get(pk=article.pk)
    assert stored.title == "Tin cũ"
    assert stored.lead == "Sapo\ncũ"
    assert stored.body.raw_data[0]["value"] == "<p>Thân\nbài</p>"
    revision.refresh_from_db()
    assert revision.content["lead"] == "Nháp\nx"
    assert Page.objects.get(pk=untouched.pk).title == before.title
