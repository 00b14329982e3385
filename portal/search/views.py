"""Tìm kiếm thông tin: the results page behind the search box on every page."""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Page, Site

from portal.core.models import cache_public_page
from portal.core.tree import public_q

from . import index_sync
from .documents import SearchFilters
from .forms import SearchForm
from .highlight import highlight, snippet
from .querying import analyze_query
from .results import HitSequence


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def site_categories(site):
    if site is None:
        return []
    return list(Page.objects.child_of(site.root_page).live().filter(public_q()).in_menu().order_by("path"))


def search(request):
    site = Site.find_for_request(request)
    form = SearchForm(request.GET, site_categories(site))
    values = form.cleaned()
    query = analyze_query(values["q"] or "")
    results = None
    if not query.is_empty and site is not None:
        filters = SearchFilters(
            site_id=site.pk,
            category_id=values["chuyen_muc"],
            published_from=_local_midnight(values["tu_ngay"]) if values["tu_ngay"] else None,
            published_before=_local_midnight(values["den_ngay"] + datetime.timedelta(days=1))
            if values["den_ngay"]
            else None,
        )
        hits = HitSequence(index_sync.ensure_current(), query, filters, order_by_date=values["sap_xep"] == "moi-nhat")
        results = Paginator(hits, settings.PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
        for result in results:
            article = result.object
            result.title_html = highlight(article.title, query.folded)
            result.snippet_html = snippet(f"{article.lead}\n{_body_text(article)}", query.folded)
    response = render(
        request,
        "search/results.html",
        {"form": form, "search_query": values["q"] or "", "results": results, "noindex": True},
    )
    cache_public_page(request, response)
    return response


def _body_text(obj):
    from portal.core.blocks import stream_text

    return stream_text(getattr(obj, "body", None))
