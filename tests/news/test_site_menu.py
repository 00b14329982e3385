"""A site's menu is its home page's children, found without reading the articles below them."""

import pytest
from wagtail.models import Page

from portal.core.tree import child_paths, menu_pages
from portal.news.models import CategoryPage
from tests.factories import make_article, make_category


@pytest.mark.django_db
def test_child_paths_are_wagtails_children(site_tree):
    _, home, news = site_tree
    culture = make_category(home, "Văn hóa")
    gone = make_category(home, "Chuyên mục đã xóa")
    sport = make_category(home, "Thể thao")
    wards = make_category(news, "Tin phường xã")
    articles = [make_article(parent) for parent in (news, wards, culture, sport, news)]
    Page.objects.get(pk=gone.pk).delete()  # leaves a gap between the children's paths
    for page in (home, news, wards, culture, articles[0]):
        page.refresh_from_db()
        expected = list(Page.objects.child_of(page).order_by("path"))
        assert list(Page.objects.filter(path__in=child_paths(page)).order_by("path")) == expected, page.title


@pytest.mark.django_db
def test_menu_lists_live_children_shown_in_menus(site_tree):
    _, home, news = site_tree
    culture = make_category(home, "Văn hóa")
    home.add_child(instance=CategoryPage(title="Không hiện trong menu", show_in_menus=False))
    make_category(home, "Bản nháp", live=False)
    make_category(news, "Tin phường xã")
    make_article(culture)
    assert [page.title for page in menu_pages(home)] == ["Tin tức - Sự kiện", "Văn hóa"]
    assert list(menu_pages(home, CategoryPage)) == [news, culture]
    assert list(menu_pages(None)) == []
