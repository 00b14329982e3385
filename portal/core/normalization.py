"""Store every text as Unicode NFC, whichever path it enters by (admin, import, API, shell)."""

from django.db import models
from wagtail.fields import StreamField

from .text import nfc


def nfc_deep(value):
    """NFC-normalise every string inside nested lists and dicts (StreamField and JSON data)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {key: nfc_deep(item) for key, item in value.items()}
    return value


def normalize_instance_text(instance):
    """Rewrite the instance's text, StreamField and JSON fields to NFC in place."""
    deferred = instance.get_deferred_fields()  # not loaded, so not changed: do not fetch them just to check
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(field, StreamField):
            raw = field.stream_block.get_prep_value(value)
            normalized = nfc_deep(raw)
            if normalized != raw:
                setattr(instance, field.attname, normalized)
        elif isinstance(value, str) and isinstance(field, (models.CharField, models.TextField)):
            setattr(instance, field.attname, nfc(value))
        elif isinstance(field, models.JSONField):
            setattr(instance, field.attname, nfc_deep(value))


def normalize_text_before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        normalize_instance_text(instance)
