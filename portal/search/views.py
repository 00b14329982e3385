"""Tìm kiếm thông tin: the results page behind the search box, its JSON twin, and title suggestions."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page as ResultsPage
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.models import Site

from portal.core.dates import local_midnight
from portal.core.models import cache_public_page
from portal.core.tree import menu_pages
from portal.delivery import generations, memo
from portal.delivery.pages import site_scopes

from . import analysis, answers, index_sync
from .documents import SearchFilters
from .forms import SearchForm
from .highlight import Terms, highlight, snippet
from .querying import respelled
from .restoration import prepare_query
from .results import HitSequence, resolve_results
from .suggestion import offered_spelling

SUGGESTIONS = 8
REMEMBERED_PAGES = 100


@dataclass
class Outcome:
    suggestion: str | None
    results: ResultsPage | None

    @property
    def complete(self) -> int | None:
        """How many results hold every word of a keyword search (listed first), or None."""
        return self.results.paginator.object_list.complete if self.results else None


@dataclass
class Asked:
    """What a search request asks, normalised: the only thing its answer depends on besides the site."""

    site: Site | None
    form: SearchForm
    values: dict
    page: int

    def wanted(self) -> dict:
        return {**self.values, "page": self.page}

    def link_query(self, q=None) -> str:
        """The normalised search as a query string, for links that keep it (pagination; with another ``q``, the
        offered spelling)."""
        shown = {"q": self.values["q"] if q is None else q, **self.form.shown()}
        return urlencode({name: value for name, value in shown.items() if value})


def site_categories(site) -> tuple[tuple[int, str], ...]:
    """(id, title) of the site's menu categories, for the form's filter: remembered until the site's pages or the
    view restrictions change, so a search reads no page tree."""
    if site is None:
        return ()

    def read():
        return tuple((page.pk, page.title) for page in menu_pages(site.root_page))

    return memo.remember(("search-categories", site.pk), read, scopes=(*site_scopes(site), generations.RESTRICTIONS))


def page_number(raw) -> int:
    """The page asked for, as Django's paginator reads it (not a whole number: the first)."""
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 1


def asked(request) -> Asked:
    site = Site.find_for_request(request)
    form = SearchForm(request.GET, site_categories(site))
    values = form.cleaned()
    values["q"] = values["q"] or ""
    return Asked(site=site, form=form, values=values, page=page_number(request.GET.get("page")))


def run_search(request, search: Asked) -> Outcome:
    site, values = search.site, search.values
    index = index_sync.searchable_index()
    query, restored = prepare_query(index, values["q"])
    suggestion = offered_spelling(index, query, restored)
    if suggestion:  # the same query as typed (quotes, -words), its words spelled as restored
        suggestion = respelled(values["q"], suggestion.split())
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
        results = Paginator(hits, settings.PORTAL_PAGE_SIZE).get_page(search.page)
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
    return Outcome(suggestion=suggestion, results=results)


def remembered_answer(kind, request, search: Asked, compute):
    """``compute(outcome)`` for this search, remembered per site (answers.py); not remembered without a site, nor
    for a page number past what readers page to (each would be one more entry for the same last page)."""
    if search.site is None or not 1 <= search.page <= REMEMBERED_PAGES:
        return compute(run_search(request, search))
    return answers.remembered(kind, search.site.pk, search.wanted(), lambda: compute(run_search(request, search)))


def search(request):
    asked_for = asked(request)

    def results_block(outcome: Outcome) -> str:
        return render_to_string(
            "search/includes/results_block.html",
            {
                "search_query": asked_for.values["q"],
                "suggestion": outcome.suggestion,
                "suggestion_query": asked_for.link_query(q=outcome.suggestion) if outcome.suggestion else "",
                "results": outcome.results,
                "complete": outcome.complete,
                "partial": outcome.results.paginator.count - outcome.complete if outcome.complete is not None else None,
                "link_query": asked_for.link_query(),
            },
        )

    block = remembered_answer("page", request, asked_for, results_block) if asked_for.values["q"] else ""
    response = render(
        request,
        "search/results.html",
        {
            "form": asked_for.form,
            "search_query": asked_for.values["q"],
            "truncation_note": asked_for.form.truncation_note,
            "results_block": block,  # a SafeString from render_to_string, kept as one by the cache (pickled)
            "noindex": True,
        },
    )
    cache_public_page(request, response)
    return response


@require_GET
def search_api(request):
    """The same search as JSON, for apps and other agencies' systems (docs/search.md)."""
    asked_for = asked(request)

    def payload(outcome: Outcome) -> dict:
        results = outcome.results
        return {
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

    answer = remembered_answer("api", request, asked_for, payload)
    body = {"query": asked_for.values["q"], "query_truncated": asked_for.form.truncation_note is not None, **answer}
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    cache_public_page(request, response)
    return response


def suggested_titles(request, site, text) -> list[dict]:
    keys = index_sync.searchable_index().suggest_titles(text, SearchFilters(site_id=site.pk), SUGGESTIONS)
    return [
        {"title": result.source.result_title(result.object), "url": result.source.result_url(result.object, request)}
        for result in resolve_results(keys, text=False)
    ]


@require_GET
def suggest_api(request):
    """Titles that start with what has been typed so far, accent-insensitive, for the search box."""
    site = Site.find_for_request(request)
    text = request.GET.get("q", "")[:100]
    words = analysis.folded(text)
    if site is None or not words:
        items = []
    else:
        # What the index reads of the text is its folded words ("Bình Đ" and "binh d" ask the same).
        items = answers.remembered("suggest", site.pk, {"words": words}, lambda: suggested_titles(request, site, text))
    response = JsonResponse({"query": text, "suggestions": items}, json_dumps_params={"ensure_ascii": False})
    cache_public_page(request, response)
    return response
