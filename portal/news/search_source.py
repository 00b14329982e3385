"""Articles as search documents: what the search app indexes and how results come back as pages."""

import json

from django.db.models import TextField
from django.db.models.functions import Cast
from wagtail.models import Page, Site

from portal.core import lookups
from portal.core.blocks import raw_stream_text, stream_text
from portal.core.tree import public_q, restricted_paths
from portal.search.documents import IndexDocument

from .models import ArticlePage

# What a search result shows of an article: its address, title and date, and the lead for its snippet (the body
# is read as its stored JSON: building a StreamValue for each result cost more than cutting the snippet).
RESULT_FIELDS = ("title", "url_path", "path", "depth", "published_at")
TEXT_FIELDS = ("lead",)


class ArticleSource:
    model = ArticlePage
    label = "news.articlepage"

    def _site_roots(self):
        # (root path, site id), longest first so nested roots win.
        roots = [(site.root_page.path, site.id) for site in Site.objects.select_related("root_page")]
        return sorted(roots, key=lambda item: len(item[0]), reverse=True)

    def _document(self, page, site_roots, category_ids, private_paths):
        if not page.live or page.published_at is None or page.path.startswith(private_paths):
            return None
        site_id, category_id = 0, 0
        for root_path, root_site in site_roots:
            if page.path.startswith(root_path):
                site_id = root_site
                category_id = category_ids.get(page.path[: len(root_path) + Page.steplen], 0)
                break
        return IndexDocument(
            key=f"{self.label}:{page.pk}",
            title=page.title,
            lead=page.lead,
            body=stream_text(page.body),
            site_id=site_id,
            category_id=category_id,
            published_at=page.published_at,
        )

    def _category_ids(self, pages, site_roots):
        paths = {page.path[: len(root) + Page.steplen] for page in pages for root, _ in site_roots}
        return dict(Page.objects.filter(path__in=paths).values_list("path", "id"))

    def documents_for(self, pages):
        site_roots, private_paths = self._site_roots(), restricted_paths()
        category_ids = self._category_ids(pages, site_roots)
        return {page.pk: self._document(page, site_roots, category_ids, private_paths) for page in pages}

    def all_documents(self, chunk_size=1000):
        site_roots, private_paths = self._site_roots(), restricted_paths()
        queryset = ArticlePage.objects.live().filter(published_at__isnull=False).order_by("pk")
        chunk = []
        for page in queryset.iterator(chunk_size=chunk_size):
            chunk.append(page)
            if len(chunk) == chunk_size:
                yield from self._documents_in(chunk, site_roots, private_paths)
                chunk = []
        yield from self._documents_in(chunk, site_roots, private_paths)

    def _documents_in(self, pages, site_roots, private_paths):
        category_ids = self._category_ids(pages, site_roots)
        for page in pages:
            document = self._document(page, site_roots, category_ids, private_paths)
            if document is not None:
                yield document

    def objects_by_pk(self, pks):
        # Only what a reader may see, even if the index lags a moment behind an unpublish or a new restriction.
        return ArticlePage.objects.live().filter(public_q(), pk__in=pks).select_related("department").in_bulk()

    def pks_under(self, page):
        return list(ArticlePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))

    # Search results ------------------------------------------------------------------------------------------

    def results_by_pk(self, pks, text=True):
        pages = ArticlePage.objects.live().filter(public_q(), pk__in=pks)
        if text:
            return pages.only(*RESULT_FIELDS, *TEXT_FIELDS).annotate(body_json=Cast("body", TextField())).in_bulk()
        return pages.only(*RESULT_FIELDS).in_bulk()

    def result_title(self, page):
        return page.title

    def result_url(self, page, request, full=False):
        # The Site record's address, never the Host header.
        return page.get_full_url(request) if full else page.get_url(request)

    def result_date(self, page):
        return page.published_at

    def result_category(self, page, request):
        # The parent (articles live in categories), remembered per site until its content changes: results of a
        # search mostly share a handful of categories.
        site = Site.find_for_request(request)
        parent_path = page.path[: -Page.steplen]

        def read():
            parent = Page.objects.filter(path=parent_path).first()
            return (parent.title, parent.get_url(request)) if parent is not None else None

        if site is None:
            return read()
        return lookups.remember(("search-result-category", parent_path, site.pk), read, depends_on=site.pk)

    def result_lead(self, page):
        return page.lead

    def result_text(self, page):
        body = json.loads(page.body_json) if page.body_json else []
        return f"{page.lead}\n{raw_stream_text(body)}"
