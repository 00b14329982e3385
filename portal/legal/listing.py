"""The public list of documents (Văn bản): what a site shows, and the filters a reader picks.

A site shows its own live documents and the shared ones (no site). Every filter comes from the query string and is
checked by a form field against the values the site really has; a value that does not pass (an unknown code, a
year out of range, an array, a NUL) is dropped as if it had not been sent, so no query string makes an error.
"""

import datetime

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property

from . import validity
from .citations import normalise_number

MAX_QUERY_LENGTH = 200
# ?sap_xep= code -> (label, ordering); every ordering ends on the primary key so that pages never overlap.
SORTS = {
    "moi-nhat": ("Mới ban hành trước", ("-issued_on", "-pk")),
    "cu-nhat": ("Cũ trước", ("issued_on", "pk")),
    "so-ky-hieu": ("Theo số ký hiệu", ("number_key", "pk")),
}
DEFAULT_SORT = "moi-nhat"
# The parameters that narrow the list: a page showing any of them is a filtered listing (noindex).
FILTER_NAMES = ("loai", "co_quan", "linh_vuc", "nam", "hieu_luc", "q")
SELECTS = ("loai", "co_quan", "linh_vuc", "nam", "hieu_luc")  # the filters shown as lists to pick from


def _model(name):
    # models.py imports this module (the index page serves the listing), so the models are looked up when used.
    return apps.get_model("legal", name)


def site_scope(site, prefix="") -> Q:
    """The rows of ``site`` and the shared ones (no site); ``prefix`` reaches them through a relation."""
    shared = Q(**{f"{prefix}site__isnull": True})
    return shared if site is None else shared | Q(**{f"{prefix}site": site})


def published_documents(site):
    """The live documents ``site`` shows, newest first, with what a list row needs."""
    attachments = _model("Attachment").objects.select_related("file").order_by("sort_order", "pk")
    return (
        _model("LegalDocument")
        .objects.filter(site_scope(site), live=True)
        .select_related("issuer")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by(*SORTS[DEFAULT_SORT][1])
    )


def issued_at(document) -> datetime.datetime:
    """The start of the day the document was issued, in the portal's time zone (feeds and sitemaps want a time)."""
    return timezone.make_aware(datetime.datetime.combine(document.issued_on, datetime.time()))


def with_validity(documents):
    """``documents`` (a list) with ``current_validity`` set from the ``validity_code`` annotation."""
    for document in documents:
        document.current_validity = validity.Validity(document.validity_code)
    return documents


class FilterForm(forms.Form):
    loai = forms.ChoiceField(label="Loại văn bản", required=False)
    co_quan = forms.TypedChoiceField(label="Cơ quan ban hành", coerce=int, required=False)
    linh_vuc = forms.TypedChoiceField(label="Lĩnh vực", coerce=int, required=False)
    nam = forms.TypedChoiceField(label="Năm ban hành", coerce=int, required=False)
    hieu_luc = forms.ChoiceField(label="Tình trạng hiệu lực", choices=validity.Validity.choices, required=False)
    q = forms.CharField(label="Số ký hiệu, trích yếu", max_length=MAX_QUERY_LENGTH, required=False)
    sap_xep = forms.ChoiceField(
        label="Sắp xếp", choices=[(code, label) for code, (label, _) in SORTS.items()], required=False
    )

    def __init__(self, data, site, documents):
        super().__init__(data)
        self.fields["loai"].choices = _model("LegalDocument")._meta.get_field("doc_type").choices
        issuers = _model("Issuer").objects.filter(site_scope(site))
        self.fields["co_quan"].choices = list(issuers.values_list("pk", "name"))
        self.fields["linh_vuc"].choices = list(_model("Field").objects.values_list("pk", "name"))
        years = documents.order_by().dates("issued_on", "year", order="DESC")
        self.fields["nam"].choices = [(day.year, day.year) for day in years]

    def selects(self) -> list[tuple]:
        """(name, label, choices, chosen) of each filter picked from a list; chosen is the value that passed."""
        return [(name, self.fields[name].label, self.fields[name].choices, self.values.get(name)) for name in SELECTS]

    @cached_property
    def values(self) -> dict:
        """The parameters that passed, without the empty ones."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


def text_matches(text: str) -> Q:
    """A number in any spelling ("06/2020/nq-hdnd") against the number key, and the words in the abstract."""
    condition = Q(abstract__icontains=text)
    key = normalise_number(text)
    if key:
        condition |= Q(number_key__icontains=key)
    return condition


def filtered(documents, values: dict, today):
    where = Q()
    if "loai" in values:
        where &= Q(doc_type=values["loai"])
    if "co_quan" in values:
        where &= Q(issuer_id=values["co_quan"])
    if "linh_vuc" in values:
        where &= Q(fields__id=values["linh_vuc"])  # one join on a unique pair: no row twice
    if "nam" in values:
        where &= Q(issued_on__year=values["nam"])
    if "q" in values:
        where &= text_matches(values["q"])
    documents = documents.filter(where)
    if "hieu_luc" in values:
        documents = validity.filter_by(documents, values["hieu_luc"], today)
    return documents.order_by(*SORTS[values.get("sap_xep", DEFAULT_SORT)][1])


class DocumentListing:
    """One page of a site's documents for the query string of ``request``."""

    def __init__(self, request, site, today=None):
        self.today = today or timezone.localdate()
        self.documents = published_documents(site)
        self.form = FilterForm(request.GET, site, self.documents)
        self.requested_page = request.GET.get("page")

    @property
    def values(self) -> dict:
        return self.form.values

    @property
    def is_filtered(self) -> bool:
        return any(name in self.values for name in FILTER_NAMES)

    @cached_property
    def page(self):
        rows = validity.annotate(filtered(self.documents, self.values, self.today), self.today)
        # get_page() turns ?page=abc into page 1 and a number past either end into the last page.
        page = Paginator(rows, settings.PORTAL_PAGE_SIZE).get_page(self.requested_page)
        page.object_list = with_validity(list(page.object_list))
        return page
