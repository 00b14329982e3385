"""Pages remembered per site: what a page's template asks for besides the page it serves (routing.py serves that)."""

from wagtail.models import Page

from . import generations, memo


def site_scopes(site) -> tuple[str, ...]:
    """The generation scopes of what is remembered for ``site``'s pages."""
    return (generations.site_scope(site.pk),)


def remembered_page(page_id, site):
    """The specific page with this id as of the current content generation of ``site`` (no site: read anew)."""

    def read():
        page = Page.objects.filter(pk=page_id).first()
        return page.specific if page is not None else None

    if site is None:
        return read()
    return memo.remember(("page", page_id, site.pk), read, scopes=site_scopes(site))
