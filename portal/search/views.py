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
from wagtail.models import Site

from portal.core.dates import local_midnight
from portal.core.models import cache_public_page
from portal.core.tree import menu_pages
from portal.delivery import generations, memo
from portal.delivery.pages import site_scopes

from . import index_sync
from .documents import SearchFilters
from .forms import SearchForm
from .highlight import Terms, highlight, snippet
from .restoration import prepare_query
from .results import HitSequence, resolve_results
from .suggestion import offered_spelling

SUGGESTIONS = 8


@dataclass
class Outcome:
    form: SearchForm
    text: str
    suggestion: str | None
    results: ResultsPage | None

    @property
    def truncation_note(self):
        return self.form.truncation_note

    @property
    def complete(self) -> int | None:
        """How many results hold every word of a keyword search (listed first), or None."""
        return self.results.paginator.object_list.complete if self.results else None


def site_categories(site) -> tuple[tuple[int, str], ...]:
    """(id, title) of the site's menu categories, for the form's filter: remembered until the site's pages or the
    view restrictions change, so a search reads no page tree."""
    if site is None:
        return ()

    def read():
        return tuple((page.pk, page.title) for page in menu_pages(site.root_page))

    return memo.remember(("search-categories", site.pk), read, scopes=(*site_scopes(site), generations.RESTRICTIONS))


def run_search(request) -> Outcome:
    site = Site.find_for_request(request)
    form = SearchForm(request.GET, site_categories(site))
    values = form.cleaned()
    index = index_sync.searchable_index()
    query, restored = prepare_query(index, values["q"] or "")
    suggestion = offered_spelling(index, query, restored)
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
        terms = Terms.of(query)
        complete = hits.complete
        for number, result in enumerate(results, results.start_index()):
            # The first result that holds only some of the words opens the second part of the list.
            result.first_partial = complete is not None and number == complete + 1
            source, item = result.source, result.object
            result.title = source.result_title(item)
            result.title_html = highlight(result.title, terms)
            result.snippet_html = snippet(source.result_text(item), terms)
            result.url = source.result_url(item, request)
            result.date = source.result_date(item)
            result.category = source.result_category(item, request)  # (title, address) or None
    return Outcome(form=form, text=values["q"] or "", suggestion=suggestion, results=results)


def search(request):
    outcome = run_search(request)
    response = render(
        request,
        "search/results.html",
        {
            "form": outcome.form,
            "search_query": outcome.text,
            "suggestion": outcome.suggestion,
            "truncation_note": outcome.truncation_note,
            "results": outcome.results,
            "complete": outcome.complete,
            "partial": outcome.results.paginator.count - outcome.complete if outcome.complete is not None else None,
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
        "query_truncated": outcome.truncation_note is not None,
        "suggestion": outcome.suggestion,
        "total": results.paginator.count if results else 0,
        "total_all_words": outcome.complete,
        "page": results.number if results else 1,
        "num_pages": results.paginator.num_pages if results else 0,
        "results": [
            {
                "title": result.title,
                "url": result.source.result_url(result.object, request, full=True),
                "published_at": timezone.localtime(result.date).isoformat() if result.date else None,
                "category": result.category[0] if result.category else None,
                "lead": result.source.result_lead(result.object),
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
    items = [
        {"title": result.source.result_title(result.object), "url": result.source.result_url(result.object, request)}
        for result in resolve_results(keys, text=False)
    ]
    response = JsonResponse({"query": text, "suggestions": items}, json_dumps_params={"ensure_ascii": False})
    cache_public_page(request, response)
    return response
