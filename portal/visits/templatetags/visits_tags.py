from django import template
from wagtail.models import Site

from ..figures import figures_for_site

register = template.Library()


@register.inclusion_tag("visits/stats_block.html", takes_context=True)
def visit_stats_block(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return {"figures": figures_for_site(site)}
