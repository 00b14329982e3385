"""Store every text clean, whichever path it enters by (admin, import, API, shell): NFC, and none of the characters
XML 1.0 and HTML forbid (portal.core.text.clean_text)."""

from django.db import models
from wagtail.fields import StreamField

from .text import clean_text


def clean_deep(value, multiline=True):
    """Clean every string inside nested lists, tuples and dicts (StreamField and JSON data, a feed's fields); keys
    are left as they are."""
    if isinstance(value, str):
        return clean_text(value, multiline)
    if isinstance(value, (list, tuple)):
        return type(value)(clean_deep(item, multiline) for item in value)
    if isinstance(value, dict):
        return {key: clean_deep(item, multiline) for key, item in value.items()}
    return value


def clean_field_value(field, value):
    """``value`` of ``field`` cleaned: one-line fields lose line breaks, text and JSON keep them."""
    if isinstance(value, str) and isinstance(field, models.TextField):
        return clean_text(value)
    if isinstance(value, str) and isinstance(field, models.CharField):
        return clean_text(value, multiline=False)
    if isinstance(field, models.JSONField):
        return clean_deep(value)
    return value


def normalize_instance_text(instance):
    """Rewrite the instance's text, StreamField and JSON fields clean, in place."""
    deferred = instance.get_deferred_fields()  # not loaded, so not changed: do not fetch them just to check
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(field, StreamField):
            raw = field.stream_block.get_prep_value(value)
            cleaned = clean_deep(raw)
            if cleaned != raw:
                setattr(instance, field.attname, cleaned)
        else:
            cleaned = clean_field_value(field, value)
            if cleaned is not value:
                setattr(instance, field.attname, cleaned)


def normalize_text_before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        normalize_instance_text(instance)
