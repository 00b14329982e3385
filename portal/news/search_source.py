"""Articles as search documents: what the search app indexes and how results come back as pages."""

from wagtail.models import Page, Site

from portal.core.blocks import stream_text
from portal.core.tree import public_q, restricted_paths
from portal.search.documents import IndexDocument

from .models import ArticlePage


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
