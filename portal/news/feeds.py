"""RSS for a whole site (from its HomePage) or one category, on Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from . import listings

FEED_SIZE = 30


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
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
        return self.page.get_url(self.request)

    def description(self):
        return getattr(self.page, "intro", "") or self.page.title

    def items(self):
        return listings.articles_under(self.page)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None
