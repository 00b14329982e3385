"""RSS of a site's documents, newest issued first, on Django's syndication framework like the news feeds: links
from the Site record, never the request's Host, and every text cleaned before the XML writer sees it."""

from django.contrib.syndication.views import Feed

from portal.news.feeds import CleanRss201rev2Feed, plain_text

from . import listing

FEED_SIZE = 30


class DocumentFeed(Feed):
    feed_type = CleanRss201rev2Feed
    language = "vi"

    def __init__(self, page, site):
        super().__init__()
        self.page = page
        self.site = site

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
        return plain_text(self.page.intro) or self.page.title

    def items(self):
        return listing.published_documents(self.site).prefetch_related(None)[:FEED_SIZE]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return plain_text(item.abstract)

    def item_link(self, item):
        return self.page.document_url(item, self.request, full=True)

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return listing.issued_at(item)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.issuer.name

    def item_categories(self, item):
        return [item.get_doc_type_display()]
