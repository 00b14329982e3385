"""Tìm kiếm thông tin: the results page behind the search box on every page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Site

from portal.core.models import cache_public_page

from . import registry

MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """Drop control characters, collapse spaces and cap the length: any input is a valid query."""
    printable = "".join(ch for ch in raw if ch.isprintable())
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search(request):
    query = clean_query(request.GET.get("q", ""))
    site = Site.find_for_request(request)
    results = None
    if query and site is not None:
        # One content source today (news); several will be merged by the search engine.
        for source in registry.sources():
            results = Paginator(source(site.root_page, query), settings.PORTAL_PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            break
    response = render(request, "search/results.html", {"search_query": query, "results": results, "noindex": True})
    cache_public_page(request, response)
    return response
