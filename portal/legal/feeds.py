"""RSS of a site's documents, newest issued first, on Django's syndication framework like the news feeds: links
from the Site record, never the request's Host, and every text cleaned before the XML writer sees it."""

from portal.news.feeds import PageFeed, plain_text

from . import listing

FEED_SIZE = 30


class DocumentFeed(PageFeed):
    def __init__(self, page, site):
        super().__init__(page)
        self.site = site

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
