"""Tìm kiếm thông tin: the results page behind the search box, its JSON twin, and title suggestions."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from portal.core.blocks import stream_text
from portal.core.dates import local_midnight
from portal.core.models import cache_public_page
from portal.core.tree import menu_pages

from . import index_sync
from .documents import SearchFilters
from .forms import SearchForm
from .highlight import highlight, snippet
from .restoration import prepare_query
from .results import HitSequence, resolve

SUGGESTIONS = 8


@dataclass
class Outcome:
    form: SearchForm
    text: str
    suggestion: str | None
    results: ResultsPage | None


def site_categories(site):
    return list(menu_pages(site.root_page if site else None))


def run_search(request) -> Outcome:
    site = Site.find_for_request(request)
    form = SearchForm(request.GET, site_categories(site))
    values = form.cleaned()
    index = index_sync.searchable_index()
    query, suggestion = prepare_query(index, values["q"] or "")
    results = None
    if not query.is_empty and site is not None:
        filters = SearchFilters(
            site_id=site.pk,
            category_id=values["chuyen_muc"],
            published_from=local_midnight(values["tu_ngay"]) if values["tu_ngay"] else None,
            published_before=local_midnight(values["den_ngay"] + datetime.timedelta(days=1))
            if values["den_ngay"]
            else None,
        )
        hits = HitSequence(
            index, query, filters, order_by_date=values["sap_xep"] == "moi-nhat", first_page=settings.PORTAL_PAGE_SIZE
        )
        results = Paginator(hits, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
        parents = _parents([result.object for result in results])
        for result in results:
            item = result.object
            result.title_html = highlight(item.title, query.folded)
            result.snippet_html = snippet(
                f"{getattr(item, 'lead', '')}\n{stream_text(getattr(item, 'body', None))}", query.folded
            )
            result.category = parents.get(item.path[: -Page.steplen])
    return Outcome(form=form, text=values["q"] or "", suggestion=suggestion, results=results)


def _parents(pages):
    """The parent (category) of each result page, in one query."""
    paths = {page.path[: -Page.steplen] for page in pages}
    return {parent.path: parent for parent in Page.objects.filter(path__in=paths)}


def search(request):
    outcome = run_search(request)
    response = render(
        request,
        "search/results.html",
        {
            "form": outcome.form,
            "search_query": outcome.text,
            "suggestion": outcome.suggestion,
            "results": outcome.results,
            "noindex": True,
        },
    )
    cache_public_page(request, response)
    return response


@require_GET
def search_api(request):
    """The same search as JSON, for apps and other agencies' systems (docs/search.md)."""
    outcome = run_search(request)
    results = outcome.results
    payload = {
        "query": outcome.text,
        "suggestion": outcome.suggestion,
        "total": results.paginator.count if results else 0,
        "page": results.number if results else 1,
        "num_pages": results.paginator.num_pages if results else 0,
        "results": [
            {
                "title": result.object.title,
                "url": result.object.get_full_url(request),  # the Site record's address, never the Host header
                "published_at": timezone.localtime(result.object.published_at).isoformat(),
                "category": result.category.title if result.category else None,
                "lead": getattr(result.object, "lead", ""),
                "snippet_html": str(result.snippet_html),
            }
            for result in (results or [])
        ],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    cache_public_page(request, response)
    return response


@require_GET
def suggest_api(request):
    """Titles that start with what has been typed so far, accent-insensitive, for the search box."""
    site = Site.find_for_request(request)
    text = request.GET.get("q", "")[:100]
    index = index_sync.searchable_index()
    keys = index.suggest_titles(text, SearchFilters(site_id=site.pk if site else None), SUGGESTIONS) if site else []
    items = [{"title": result.object.title, "url": result.object.get_url(request)} for result in resolve(keys)]
    response = JsonResponse({"query": text, "suggestions": items}, json_dumps_params={"ensure_ascii": False})
    cache_public_page(request, response)
    return response
