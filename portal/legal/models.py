"""The registry of legal and direction documents (Văn bản): Decree 42/2022 makes a portal publish them.

A document belongs to one site, or to none: then it is shared by every site of the installation (a province's
documents appear on every unit's portal). Issuers are a managed list per site or shared. A document's number is
kept as written and as a key (``citations.normalise_number``) that every spelling of it shares, so a duplicate
from the same issuer is refused however it is typed, and citations in text find it. Documents go through the
editorial workflow like pages (drafts, revisions, approval, locking). Readers find the live ones on a site's
``LegalDocumentIndexPage``: the list with its filters, each document's page and the feed are its routes.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, Page, RevisionMixin, Site, WorkflowMixin

from portal.core.models import PortalPage
from portal.core.text import slugify_vi

from . import detail, feeds, listing, validity
from .citations import DOCUMENT_TYPES, normalise_number
from .full_text import FullTextBlock

TYPE_CHOICES = [(slugify_vi(label), label) for label in DOCUMENT_TYPES]


def owning_site(help_text: str) -> models.ForeignKey:
    """The site a row belongs to; none: every site of the installation shares it."""
    return models.ForeignKey(
        "wagtailcore.Site", verbose_name="Trang", null=True, blank=True, on_delete=models.CASCADE, help_text=help_text
    )


class Issuer(models.Model):
    """Cơ quan ban hành: a province's bodies differ from a commune's, so the list is per site (or shared)."""

    name = models.CharField("Tên cơ quan", max_length=255)
    site = owning_site("Để trống nếu mọi trang của hệ thống đều dùng cơ quan này.")
    sort_order = models.PositiveIntegerField("Thứ tự", default=0)

    panels = [FieldPanel("name"), FieldPanel("site"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "Cơ quan ban hành"
        verbose_name_plural = "Cơ quan ban hành"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="legal_issuer_unique_name", violation_error_message="Cơ quan này đã có."
            )
        ]

    def __str__(self):
        return self.name


class Field(models.Model):
    """Lĩnh vực: the subject areas a document's readers filter by."""

    name = models.CharField("Tên lĩnh vực", max_length=255, unique=True)

    class Meta:
        verbose_name = "Lĩnh vực"
        verbose_name_plural = "Lĩnh vực"
        ordering = ["name"]

    def __str__(self):
        return self.name


class LegalDocument(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    site = owning_site("Để trống nếu văn bản hiện trên mọi trang của hệ thống (văn bản của tỉnh).")
    doc_type = models.CharField("Loại văn bản", max_length=40, choices=TYPE_CHOICES)
    number = models.CharField("Số ký hiệu", max_length=100, help_text="Như trên văn bản, ví dụ 06/2020/NQ-HĐND.")
    number_key = models.CharField(max_length=100, db_index=True, editable=False)
    issuer = models.ForeignKey(Issuer, verbose_name="Cơ quan ban hành", on_delete=models.PROTECT)
    signer = models.CharField("Người ký", max_length=255, blank=True)
    issued_on = models.DateField("Ngày ban hành")
    effective_on = models.DateField("Ngày có hiệu lực", null=True, blank=True, help_text="Để trống: từ ngày ban hành.")
    expires_on = models.DateField("Ngày hết hiệu lực", null=True, blank=True)
    fields = ParentalManyToManyField(Field, verbose_name="Lĩnh vực", blank=True)
    abstract = models.TextField("Trích yếu")
    full_text = StreamField(
        [("section", FullTextBlock())], verbose_name="Toàn văn có cấu trúc", blank=True, use_json_field=True
    )
    validity_override = models.CharField(
        "Hiệu lực do biên tập viên xác định",
        max_length=40,
        choices=validity.Validity.choices,
        blank=True,
        help_text="Để trống: tính từ các ngày và quan hệ với văn bản khác.",
    )
    override_reason = models.TextField("Lý do", blank=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="legal_document")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="legal_document",
        for_concrete_model=False,
    )

    panels = [
        FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on"), FieldPanel("expires_on")]),
        FieldPanel("abstract"),
        FieldPanel("fields"),
        FieldPanel("site"),
        InlinePanel("attachments", label="Tệp đính kèm"),
        InlinePanel("relations", label="Quan hệ với văn bản khác"),
        MultiFieldPanel([FieldPanel("validity_override"), FieldPanel("override_reason")], heading="Hiệu lực"),
        FieldPanel("full_text"),
    ]

    class Meta:
        verbose_name = "Văn bản"
        verbose_name_plural = "Văn bản"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_key"],
                name="legal_document_unique_number",
                violation_error_message="Cơ quan này đã có văn bản mang số ký hiệu đó.",
            )
        ]

    @property
    def revisions(self):
        return self._revisions

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.number_key = normalise_number(self.number)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.number = " ".join(self.number.split())
        self.number_key = normalise_number(self.number)
        errors = {}
        if not any(char.isalnum() for char in self.number_key):
            errors["number"] = "Số ký hiệu cần có ít nhất một chữ số hoặc chữ cái."
        starts = self.effective_on or self.issued_on
        if self.issued_on and self.effective_on and self.effective_on < self.issued_on:
            errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        if starts and self.expires_on and self.expires_on <= starts:
            errors["expires_on"] = "Ngày hết hiệu lực phải sau ngày có hiệu lực."
        if self.validity_override and not self.override_reason.strip():
            errors["override_reason"] = "Hãy ghi lý do khi tự xác định hiệu lực."
        if errors:
            raise ValidationError(errors)

    def validity(self, today=None) -> validity.Validity:
        """Còn hiệu lực, hết hiệu lực (một phần, toàn bộ) or chưa có hiệu lực, on ``today`` (local date)."""
        return validity.of_document(self, today)


class Attachment(Orderable):
    """A file of the document (PDF, DOC/DOCX, ODT): its text is extracted for search; one that cannot be read is
    kept and flagged, never an error."""

    document = ParentalKey(LegalDocument, related_name="attachments", on_delete=models.CASCADE)
    file = models.ForeignKey("wagtaildocs.Document", verbose_name="Tệp", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(editable=False, blank=True)
    readable = models.BooleanField("Đọc được nội dung", default=True, editable=False)

    panels = [FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = "Tệp đính kèm"
        verbose_name_plural = "Tệp đính kèm"


class Relation(Orderable):
    """One document acting on another (this one amends, replaces, repeals... that one): shown from both sides."""

    source = ParentalKey(LegalDocument, related_name="relations", on_delete=models.CASCADE)
    target = models.ForeignKey(
        LegalDocument, verbose_name="Văn bản", related_name="acted_on_by", on_delete=models.CASCADE
    )
    kind = models.CharField("Quan hệ", max_length=20, choices=validity.RelationKind.choices)
    partial = models.BooleanField(
        "Chỉ một phần", default=False, help_text="Thay thế hoặc bãi bỏ một phần văn bản kia (ví dụ một số điều)."
    )
    note = models.CharField("Ghi chú", max_length=255, blank=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("target")]), FieldPanel("partial"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = "Quan hệ"
        verbose_name_plural = "Quan hệ"

    def clean(self):
        if self.target_id is not None and self.target_id == self.source_id:
            raise ValidationError({"target": "Một văn bản không thể có quan hệ với chính nó."})


class LegalDocumentIndexPage(PortalPage):
    """Văn bản: the public list of the documents of the site it is under (its own and the shared ones), with
    filters; each document's page and the feed are routes below it."""

    intro = models.TextField("Giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "Danh sách văn bản"
        verbose_name_plural = "Danh sách văn bản"

    def shown_site(self, request=None):
        """The site whose documents the page shows: the request's, else the page's own."""
        site = Site.find_for_request(request) if isinstance(request, HttpRequest) else None
        return site or self.get_site()

    def document_url(self, document, request=None, full=False):
        base = self.get_full_url(request) if full else self.get_url(request)
        return base + self.reverse_subpage("document", kwargs={"pk": document.pk, "slug": detail.slug_of(document)})

    @path("", name="listing")
    def document_list(self, request):
        found = listing.DocumentListing(request, self.shown_site(request))
        context = {
            "documents": found.page,
            "filters": found.values,
            "form": found.form,
            "default_sort": listing.DEFAULT_SORT,
            "filtered": found.is_filtered,
            "noindex": found.is_filtered,  # a filtered list is not a page of its own
        }
        return self.render(request, context_overrides=context)

    @re_path(r"^(?P<pk>\d{1,18})/(?:(?P<slug>[^/]+)/)?$", name="document")
    def document(self, request, pk, slug=None):
        site = self.shown_site(request)
        document = detail.shown_document(site, int(pk))
        if document is None:
            raise Http404("Không tìm thấy văn bản.")
        if slug != detail.slug_of(document):
            return redirect(self.document_url(document, request), permanent=True)
        current = document.validity()
        full_url = self.document_url(document, request, full=True)
        context = {
            "document": document,
            "current_validity": current,
            "related_links": detail.related_links(document, site),
            "parts": detail.parts_of(document),
            "legislation": detail.legislation(document, full_url, current),
            "document_full_url": full_url,
        }
        return self.render(request, template="legal/legal_document_page.html", context_overrides=context)

    @path("rss/", name="feed")
    def feed(self, request):
        return feeds.DocumentFeed(self, self.shown_site(request))(request)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        documents = listing.published_documents(self.shown_site(request)).select_related(None).prefetch_related(None)
        for document in documents.only("pk", "number", "issued_on", "last_published_at"):
            urls.append(
                {
                    "location": self.document_url(document, request, full=True),
                    "lastmod": document.last_published_at or listing.issued_at(document),
                }
            )
        return urls
