"""RSS for a whole site (from its HomePage) or one category, on Django's syndication framework.

Links are the Site record's (Page.get_full_url), never the request's Host: a feed answered for a forged Host or
port is cached by nginx and served to everyone. Text goes out clean (a stored control character would make the
XML writer fail) and descriptions are plain text, which feed readers show as it is.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags

from portal.core.normalization import clean_deep

from . import listings

FEED_SIZE = 30


class CleanRss201rev2Feed(Rss201rev2Feed):
    """RSS 2.0 whose every text, the feed's and the items', is cleaned before the XML writer sees it: the save
    path cleans what it stores, but a row written past it (SQL, an old import) must not make the feed fail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*clean_deep(args, multiline=False), **clean_deep(kwargs, multiline=False))

    def add_item(self, *args, **kwargs):
        super().add_item(*clean_deep(args, multiline=False), **clean_deep(kwargs, multiline=False))


def plain_text(text: str) -> str:
    """``text`` without markup and with its whitespace collapsed: what a feed reader may show as it is."""
    return " ".join(strip_tags(text or "").split())


class PageFeed(Feed):
    """The feed of one page (a site's home, a category, a documents listing): its title, links and description;
    subclasses give the items."""

    feed_type = CleanRss201rev2Feed
    language = "vi"

    def __init__(self, page):
        super().__init__()
        self.page = page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.page.title

    def link(self):
        return self.page.get_full_url(self.request)

    def feed_url(self):
        return self.page.get_full_url(self.request) + self.page.reverse_subpage("feed")

    def description(self):
        return plain_text(getattr(self.page, "intro", "")) or self.page.title


class ArticleFeed(PageFeed):
    def items(self):
        return listings.articles_under(self.page)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_text(item.lead)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None
