"""The keys of cached fragments: a fragment made now lives this long and holds these generations in its key.

Templates ask through delivery_tags.shared_fragments; page types that cache listings ask here (news.models).
"""

import uuid

from wagtail.models import Site

from . import generations


def fragment_keys(request) -> dict:
    """The lifetime of a fragment made now and the generation part of its key: the content generations of the
    request's site and the code release. A preview gets a lifetime of 0 and a key no other request has."""
    if getattr(request, "is_preview", False):
        # A preview shows a draft: neither read nor keep a fragment (a key no other request has, kept 0 s).
        return {"lifetime": 0, "generation": f"preview-{uuid.uuid4().hex}"}
    site = Site.find_for_request(request) if request is not None else None
    scopes = (generations.site_scope(site.pk),) if site is not None else ()
    numbers, lifetime = generations.current(*scopes)
    generation = "-".join(str(number) for number in numbers)
    return {"lifetime": lifetime, "generation": f"{generation}-{generations.release()}"}
