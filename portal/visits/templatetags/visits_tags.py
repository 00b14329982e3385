from django import template
from django.conf import settings
from wagtail.models import Site

from ..figures import figures_for_request

register = template.Library()


@register.inclusion_tag("visits/stats_block.html", takes_context=True)
def visit_stats_block(context):
    """The block as of rendering; on pages, visits.js counts the view and refreshes the figures."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    page = context.get("page")
    return {
        "figures": figures_for_request(request, site, page),
        "page_id": getattr(page, "pk", None),
        "windows": {
            "visit": settings.PORTAL_VISIT_WINDOW_MINUTES,
            "current": settings.PORTAL_CURRENT_VISITORS_MINUTES,
            "view": settings.PORTAL_VIEW_WINDOW_MINUTES,
            "per_address": settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS,
        },
    }


@register.simple_tag(takes_context=True)
def page_views(context, page):
    """The page's views as of rendering (the beacon updates the number shown)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return figures_for_request(request, site, page).views


@register.simple_tag
def bar_height(value, top):
    """Height of a bar in the 0-100 chart box."""
    return round(100 * value / top, 2) if top else 0


@register.simple_tag
def bar_y(value, top):
    return round(100 - bar_height(value, top), 2)
