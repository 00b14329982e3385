"""Small builders for page trees used across the tests."""

import datetime
import itertools

from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from portal.news.models import ArticlePage, CategoryPage, HomePage

_counter = itertools.count(1)


def local_dt(year, month, day, hour=8, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), timezone.get_current_timezone())


def make_site(hostname="localhost", title="Cổng thông tin thị xã", port=80, default=True):
    # Transactional tests start from an empty database: recreate what Wagtail's migrations provide.
    Locale.objects.get_or_create(language_code="vi")
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(instance=HomePage(title=title))
    Site.objects.filter(hostname=hostname, port=port).delete()
    if default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=title)
    return site, home


def make_category(parent, title="Tin tức - Sự kiện", **fields):
    return parent.add_child(instance=CategoryPage(title=title, show_in_menus=True, **fields))


def make_article(category, title=None, published_at=None, **fields):
    published_at = published_at or local_dt(2022, 12, 15)
    title = title or f"Tin bài số {next(_counter)}"
    article = ArticlePage(
        title=title,
        lead=fields.pop("lead", "Tóm tắt tin bài."),
        body=fields.pop("body", [{"type": "paragraph", "value": "<p>Nội dung tin bài.</p>"}]),
        published_at=published_at,
        first_published_at=published_at,
        last_published_at=fields.pop("last_published_at", published_at),
        live=fields.pop("live", True),
        **fields,
    )
    return category.add_child(instance=article)
