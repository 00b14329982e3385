"""Request-level NFC: queries and form posts reach views already normalised."""

from django.http import QueryDict

from .text import nfc

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _nfc_querydict(querydict: QueryDict) -> QueryDict:
    normalized = QueryDict(mutable=True, encoding=querydict.encoding)
    for key, values in querydict.lists():
        normalized.setlist(nfc(key), [nfc(v) for v in values])
    normalized._mutable = False
    return normalized


class NormalizeInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            request.GET = _nfc_querydict(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _nfc_querydict(request.POST)
        return self.get_response(request)
