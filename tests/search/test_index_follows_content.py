"""The index after commit, without waiting for a search; private pages never reach results."""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from portal.news.models import ArticlePage
from portal.search import index_sync
from portal.search.models import SearchChange
from portal.search.querying import analyze_query
from tests.factories import make_article


def indexed_keys(text):
    return index_sync.get_index().search(analyze_query(text)).keys


@pytest.mark.django_db(transaction=True)
def test_publish_is_applied_when_the_transaction_commits(site_tree, monkeypatch):
    _, _, category = site_tree
    calls = []
    real_apply = index_sync.apply_pending_quietly
    monkeypatch.setattr(index_sync, "apply_pending_quietly", lambda: calls.append(1) or real_apply())
    with transaction.atomic():
        article = category.add_child(instance=ArticlePage(title="Lịch cắt điện tuần này", live=False))
        article.save_revision().publish()
        make_article(category, title="Lịch cắt nước tuần này")
        assert indexed_keys("lich cat dien") == []  # nothing before the commit
    assert calls == [1]  # one apply for the whole transaction, however many rows it recorded
    assert f"news.articlepage:{article.pk}" in indexed_keys("lich cat dien")  # no search needed to apply it
    assert not SearchChange.objects.exists()  # applied rows are removed


@pytest.mark.django_db
def test_a_change_recorded_after_an_apply_is_still_applied(site_tree):
    _, _, category = site_tree
    first = make_article(category, title="Tin thứ nhất về thủy lợi")
    index_sync.apply_pending()
    second = make_article(category, title="Tin thứ hai về thủy lợi")  # e.g. a transaction that committed late
    index_sync.apply_pending()
    assert set(indexed_keys("thuy loi")) == {f"news.articlepage:{first.pk}", f"news.articlepage:{second.pk}"}


@pytest.mark.django_db
def test_restricted_articles_are_never_found(client, site_tree):
    _, home, category = site_tree
    make_article(category, title="Tài liệu mật của cơ quan")
    assert client.get("/api/tim-kiem/", {"q": "tai lieu mat"}).json()["total"] == 1

    restriction = PageViewRestriction.objects.create(page=category, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/api/tim-kiem/", {"q": "tai lieu mat"}).json()["results"] == []
    assert client.get("/api/goi-y/", {"q": "tai lieu"}).json()["suggestions"] == []

    restriction.delete()
    assert client.get("/api/tim-kiem/", {"q": "tai lieu mat"}).json()["total"] == 1


@pytest.mark.django_db
def test_every_result_appears_once_across_pages(client, site_tree, settings):
    settings.PORTAL_PAGE_SIZE = 2
    _, _, category = site_tree
    titles = {make_article(category, title=f"Thông báo số {n} về tiếp dân").title for n in range(5)}
    seen = []
    for page in (1, 2, 3):
        seen += [r["title"] for r in client.get("/api/tim-kiem/", {"q": "tiếp dân", "page": page}).json()["results"]]
    assert sorted(seen) == sorted(titles)
