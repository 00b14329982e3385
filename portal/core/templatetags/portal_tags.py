"""Template helpers for Vietnamese display and the blocks every page shares."""

import base64
import mimetypes

from django import template
from django.utils import timezone
from wagtail.models import Site

from portal.core.tree import menu_pages

register = template.Library()


@register.filter
def vi_number(value):
    """8627271 -> "8.627.271" (Vietnamese groups thousands with dots)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


@register.filter
def vi_date(value):
    """An aware datetime or a date as dd/mm/yyyy in the portal's time zone."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


@register.filter
def data_uri(rendition):
    """Inline a rendition's bytes so a saved article needs no network ("" when the file is gone)."""
    try:
        with rendition.file.open("rb") as handle:
            payload = base64.b64encode(handle.read()).decode("ascii")
    except (AttributeError, OSError, ValueError):
        return ""
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
    return f"data:{mime};base64,{payload}"


@register.simple_tag(takes_context=True)
def site_root(context):
    """The HomePage of the Site serving this request (menus, archive and feed hang off it)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.simple_tag(takes_context=True)
def site_absolute_url(context, url):
    """``url`` made absolute with the Site record's address, never the request's Host (pages are cached for all)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return f"{site.root_url}{url}" if site else url


@register.inclusion_tag("core/includes/main_menu.html", takes_context=True)
def main_menu(context, home):
    pages = menu_pages(home)
    current = context.get("page")
    current_path = getattr(current, "path", "")
    items = [(item, current_path.startswith(item.path)) for item in pages]
    return {"items": items, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with ``page`` replaced, so pagination keeps search terms and filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
