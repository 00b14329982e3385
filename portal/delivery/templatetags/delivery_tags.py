"""The keys of the fragments base.html and the page templates cache (fragments.py, generations.py)."""

from django import template

from portal.delivery.fragments import fragment_keys

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_fragments(context, home=None):
    """What keys the cached fragments of a page: their lifetime, the content generations of the request's site,
    and the top-level section the current page is in (the menu marks it)."""
    page_path = getattr(context.get("page"), "path", "")
    section = page_path[: (home.depth + 1) * home.steplen] if home and page_path else ""
    return {**fragment_keys(context.get("request")), "section": section}
