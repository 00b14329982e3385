"""The articles' copies of the tree (site root, outermost and innermost category) and of "live and dated" follow
every change, and listings built on them return exactly what the tree says: live, public, dated articles below
the page, newest first, with counts to match."""

import importlib

import pytest
from django.apps import apps
from django.utils.timezone import localtime
from wagtail.models import Page, PageViewRestriction, Revision

from portal.core.tree import public_q
from portal.news import listings
from portal.news.archive import published_on
from portal.news.models import ArticlePage, CategoryPage, HomePage
from tests.factories import local_dt, make_article, make_category, make_site


def placement(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return article.site_root_id, article.top_category_id, article.category_id


def ids(*pages):
    return tuple(page.pk for page in pages)


def tree_listing(page):
    """What a listing below ``page`` must return, straight from the tree (the implementation before placement)."""
    return list(
        ArticlePage.objects.live()
        .descendant_of(page)
        .filter(public_q(within=page), published_at__isnull=False)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def two_sites(db):
    """Two sites; the first nests categories three levels deep."""
    _, home_a = make_site("huongtra.example.vn", "Thị xã Hương Trà")
    _, home_b = make_site("binhtien.example.vn", "Xã Bình Tiến", default=False)
    news = make_category(home_a, "Tin tức - Sự kiện")
    wards = make_category(news, "Tin phường xã")
    ward = make_category(wards, "Phường Tứ Hạ")
    culture = make_category(home_a, "Văn hóa")
    village = make_category(home_b, "Tin xã")
    return home_a, home_b, news, wards, ward, culture, village


@pytest.mark.django_db
def test_new_articles_are_placed_under_their_site_and_categories(two_sites):
    home_a, home_b, news, wards, ward, culture, village = two_sites
    assert placement(make_article(news)) == ids(home_a, news, news)
    assert placement(make_article(wards)) == ids(home_a, news, wards)
    assert placement(make_article(ward)) == ids(home_a, news, ward)
    assert placement(make_article(village)) == ids(home_b, village, village)


@pytest.mark.django_db
def test_draft_keeps_its_placement_when_published_even_after_a_move(two_sites):
    home_a, home_b, news, _, _, culture, village = two_sites
    draft = news.add_child(instance=ArticlePage(title="Bản nháp", live=False))
    assert placement(draft) == ids(home_a, news, news)
    revision = draft.save_revision()  # written while the draft sits in "news"
    Page.objects.get(pk=draft.pk).move(village, pos="last-child")
    revision = Revision.objects.get(pk=revision.pk)  # as scheduled publishing and previews read it
    assert revision.as_object().site_root_id == home_b.pk
    revision.publish()
    assert placement(draft) == ids(home_b, village, village)
    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    assert listings.articles_under(home_b).get() == article


@pytest.mark.django_db
def test_moving_an_article_to_another_category_or_site_moves_its_placement(two_sites):
    home_a, home_b, news, wards, _, culture, village = two_sites
    article = make_article(news)
    article.move(culture, pos="last-child")
    assert placement(article) == ids(home_a, culture, culture)
    Page.objects.get(pk=article.pk).move(wards, pos="last-child")  # as the admin does, on the plain Page
    assert placement(article) == ids(home_a, news, wards)
    article.refresh_from_db()
    article.move(village, pos="last-child")
    assert placement(article) == ids(home_b, village, village)


@pytest.mark.django_db
def test_moving_a_category_replaces_every_article_below_it(two_sites):
    home_a, home_b, news, wards, ward, culture, village = two_sites
    in_wards, in_ward, in_news = make_article(wards), make_article(ward), make_article(news)

    wards.move(culture, pos="last-child")  # nested under another outermost category
    assert placement(in_wards) == ids(home_a, culture, wards)
    assert placement(in_ward) == ids(home_a, culture, ward)
    assert placement(in_news) == ids(home_a, news, news)

    CategoryPage.objects.get(pk=wards.pk).move(home_b, pos="last-child")  # to another site, as an outermost one
    assert placement(in_wards) == ids(home_b, wards, wards)
    assert placement(in_ward) == ids(home_b, wards, ward)
    assert [a.pk for a in listings.articles_under(HomePage.objects.get(pk=home_b.pk))] == [in_ward.pk, in_wards.pk]
    assert list(listings.articles_under(HomePage.objects.get(pk=home_a.pk))) == [in_news]


@pytest.mark.django_db
def test_copies_are_placed_where_they_land(two_sites):
    home_a, home_b, news, wards, ward, culture, village = two_sites
    article = make_article(ward, title="Tin gốc")
    single = article.copy(to=culture, update_attrs={"slug": "tin-goc-ban-sao"}, keep_live=True)
    assert placement(single) == ids(home_a, culture, culture)

    tree_copy = news.copy(to=home_b, recursive=True, keep_live=True, update_attrs={"slug": "tin-tuc-ban-sao"})
    copied = ArticlePage.objects.descendant_of(tree_copy).get()
    copied_ward = copied.get_parent()
    copied_wards = copied_ward.get_parent()
    assert copied_wards.get_parent().pk == tree_copy.pk
    assert placement(copied) == ids(home_b, tree_copy, copied_ward)
    assert placement(article) == ids(home_a, news, ward)  # the original stays put
    assert list(listings.articles_under(copied_wards.specific)) == [copied]
    assert tree_listing(copied_wards) == [copied.pk]


@pytest.mark.django_db
def test_a_full_save_heals_a_stale_placement(two_sites):
    home_a, home_b, news, *_ = two_sites
    article = make_article(news)
    ArticlePage.objects.filter(pk=article.pk).update(site_root=home_b, top_category=None, category=None)
    ArticlePage.objects.get(pk=article.pk).save()
    assert placement(article) == ids(home_a, news, news)


@pytest.mark.django_db
def test_the_data_migration_places_existing_articles(two_sites):
    home_a, home_b, news, wards, ward, culture, village = two_sites
    articles = [make_article(page) for page in (news, wards, ward, culture, village)]
    expected = [placement(article) for article in articles]
    ArticlePage.objects.update(site_root=None, top_category=None, category=None)
    migration = importlib.import_module("portal.news.migrations.0003_fill_article_placement")
    migration.fill_placement(apps, None)
    assert [placement(article) for article in articles] == expected


@pytest.fixture
def mixed_content(two_sites, django_user_model):
    """Articles at every level, with ties, drafts, an unpublished one, an undated one and a private subtree."""
    home_a, home_b, news, wards, ward, culture, village = two_sites
    private = make_category(culture, "Nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for i, parent in enumerate([news, wards, ward, culture, village, private] * 4):
        make_article(parent, published_at=local_dt(2022, 12, 1 + i % 5, 8))  # many share a published_at
    make_article(wards, title="Bản nháp có ngày", live=False)
    news.add_child(instance=ArticlePage(title="Bản nháp chưa có ngày", live=False))
    unpublished = make_article(ward, title="Đã gỡ")
    unpublished.unpublish()
    return two_sites


@pytest.mark.django_db
def test_every_listing_returns_what_the_tree_says(mixed_content):
    for page in mixed_content:
        page = page.specific
        assert [a.pk for a in listings.articles_under(page)] == tree_listing(page), page.title
        if isinstance(page, CategoryPage):
            for article in listings.articles_under(page)[:3]:
                parent = article.get_parent().specific
                others = listings.other_articles(article, parent, 10)
                assert [a.pk for a in others] == [pk for pk in tree_listing(parent) if pk != article.pk][:10]


@pytest.mark.django_db
def test_home_sections_and_day_archive_match_the_tree(mixed_content, rf):
    home_a, _, news, _, _, culture, _ = mixed_content
    sections = dict(listings.latest_by_category(home_a, count=100))
    assert [a.pk for a in sections[news]] == tree_listing(news)
    assert [a.pk for a in sections[culture]] == tree_listing(culture)
    day = local_dt(2022, 12, 3).date()
    on_day = [pk for pk in tree_listing(home_a) if localtime(ArticlePage.objects.get(pk=pk).published_at).date() == day]
    assert [a.pk for a in listings.paginate_under(rf.get("/"), home_a, published_on(day))] == on_day


@pytest.mark.django_db
def test_paginated_listings_count_what_they_list(mixed_content, rf):
    # "Văn hóa" has a private subcategory, so its count takes the restricted path; the others read the index.
    for page in mixed_content:
        page = page.specific
        articles = listings.paginate_under(rf.get("/", {"page": "2"}), page, per_page=3)
        expected = tree_listing(page)
        assert articles.paginator.count == len(expected), page.title
        assert [a.pk for a in articles] == expected[3:6], page.title


@pytest.mark.django_db
def test_unpublishing_unlists_the_article_even_through_a_plain_page(two_sites, rf):
    home_a, _, news, *_ = two_sites
    article = make_article(news)
    assert ArticlePage.objects.get(pk=article.pk).listed
    Page.objects.get(pk=article.pk).unpublish()  # as scheduled expiry does, on the plain Page
    assert not ArticlePage.objects.get(pk=article.pk).listed
    assert listings.paginate_under(rf.get("/"), news).paginator.count == 0
    ArticlePage.objects.get(pk=article.pk).save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).listed
    assert [a.pk for a in listings.paginate_under(rf.get("/"), home_a)] == [article.pk]


@pytest.mark.django_db
def test_category_pages_stop_at_their_maximum(two_sites, rf):
    *_, culture, _ = two_sites
    for day in range(1, 8):
        make_article(culture, title=f"Tin ngày {day}", published_at=local_dt(2022, 12, day))
    last = listings.paginate_under(rf.get("/", {"page": "99"}), culture, max_pages=2, per_page=2)
    assert (last.number, last.paginator.num_pages, last.paginator.count) == (2, 2, 4)
    assert [a.title for a in last] == ["Tin ngày 5", "Tin ngày 4"]
    assert listings.paginate_under(rf.get("/"), culture, max_pages=5, per_page=2).paginator.count == 7
