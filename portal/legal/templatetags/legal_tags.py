"""Showing documents: their addresses under the list page, file types and sizes in Vietnamese, and JSON-LD."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

SIZE_UNITS = ("KB", "MB", "GB")
# Inside a script element, "<", ">" and "&" as JSON escapes: a value cannot close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def vi_decimal(value: float) -> str:
    """1234.56 -> "1.234,6": Vietnamese groups thousands with dots and writes the decimal comma; ",0" is left out."""
    text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.removesuffix(",0")


def file_size(size) -> str:
    """A size in bytes as readers read it: "850 B", "12,5 KB", "1,2 MB" ("" when unknown)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in SIZE_UNITS:
        value /= 1024
        if value < 1024 or unit == SIZE_UNITS[-1]:
            return f"{vi_decimal(value)} {unit}"
    return ""  # not reached


@register.filter
def file_label(document_file) -> str:
    """ "PDF, 1,2 MB" for a Wagtail document, from what it stores: its name and the size saved with it (Wagtail's
    get_file_size() would save a missing size, and a public page never writes)."""
    kind = (document_file.file_extension or "").upper() or "Tệp"
    size = file_size(document_file.file_size)
    return f"{kind}, {size}" if size else kind


@register.simple_tag(takes_context=True)
def document_url(context, page, document):
    """The address of ``document``'s page under the list ``page``."""
    return page.document_url(document, context.get("request"))


@register.filter
def ld_json(data) -> str:
    """``data`` as a JSON-LD script element (Django's json_script only writes type="application/json")."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308  (escaped above)
