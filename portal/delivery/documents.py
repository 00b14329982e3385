"""Wagtail's document URLs, with the documents of a restricted collection marked private for every cache.

Wagtail checks the collection's restrictions but leaves the answer's caching alone, so a shared cache could keep
a private file, or the password form in its place, and hand it to the next reader.
"""

from django.urls import path, re_path
from django.utils.cache import add_never_cache_headers
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve


def serve(request, document_id, document_filename):
    response = wagtail_serve.serve(request, document_id, document_filename)
    document = get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    if document is not None and document.collection.get_view_restrictions().exists():
        add_never_cache_headers(response)  # private, no-cache, no-store: as Wagtail does for restricted pages
    return response


urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        wagtail_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
