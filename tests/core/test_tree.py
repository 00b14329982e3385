import pytest
from wagtail.models import Page

from portal.core.tree import descendants_q, next_sibling_path
from tests.factories import make_article, make_category


def test_next_sibling_path():
    assert next_sibling_path("00010001") == "00010002"
    assert next_sibling_path("0001000Z") == "00010010"
    assert next_sibling_path("0001ZZZZ") is None


@pytest.mark.django_db
def test_descendants_q_matches_wagtail_descendant_of(site_tree):
    _, home, category = site_tree
    sub = make_category(category, "Tin phường xã")
    sibling = make_category(home, "Văn hóa")
    for parent in (category, sub, sibling, sub):
        make_article(parent)
    for page in (home, category, sub, sibling):
        expected = set(Page.objects.descendant_of(page).values_list("pk", flat=True))
        assert set(Page.objects.filter(descendants_q(page)).values_list("pk", flat=True)) == expected
