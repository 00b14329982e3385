"""Request-level cleaning: queries and form posts reach views in NFC, without characters XML and HTML forbid."""

from django.http import QueryDict

from .text import clean_text

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _clean_querydict(querydict: QueryDict) -> QueryDict:
    normalized = QueryDict(mutable=True, encoding=querydict.encoding)
    for key, values in querydict.lists():
        normalized.setlist(clean_text(key), [clean_text(v) for v in values])
    normalized._mutable = False
    return normalized


class NormalizeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            request.GET = _clean_querydict(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _clean_querydict(request.POST)
        return self.get_response(request)
