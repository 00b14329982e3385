"""The keys of the fragments base.html caches (generations.py)."""

import uuid

from django import template
from wagtail.models import Site

from portal.delivery import generations

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_fragments(context, home=None, site_settings=None):
    """What keys the cached fragments of a page: their lifetime, the content generations of the request's site,
    and the top-level section the current page is in (the menu marks it). Takes the site settings so that it is
    read after they exist: their first read creates them, which is a change of content."""
    request = context.get("request")
    page_path = getattr(context.get("page"), "path", "")
    section = page_path[: (home.depth + 1) * home.steplen] if home and page_path else ""
    if getattr(request, "is_preview", False):
        # A preview shows a draft: neither read nor keep a fragment (a key no other request has, kept 0 s).
        return {"lifetime": 0, "generation": f"preview-{uuid.uuid4().hex}", "section": section}
    site = Site.find_for_request(request) if request is not None else None
    scopes = (generations.site_scope(site.pk),) if site is not None else ()
    numbers, lifetime = generations.current(*scopes)
    generation = "-".join(str(number) for number in numbers)
    return {"lifetime": lifetime, "generation": f"{generation}-{generations.release()}", "section": section}
