"""Clean the text stored before the portal removed the characters XML 1.0 and HTML forbid (portal.core.text).

One of them (Word's soft line break, a vertical tab) in a title or lead made every feed listing the article fail.
Only rows that hold one are read and rewritten, with the same cleaning new text gets on its way in.
"""

import json

from django.db import migrations, models
from django.db.models.functions import Cast
from wagtail.fields import StreamField

from portal.core.normalization import clean_deep, clean_field_value

# The control characters of portal.core.text.FORBIDDEN_CHARACTERS, in \uXXXX escapes both databases' regular
# expressions read (surrogates and U+FFFE/U+FFFF cannot be stored as text in either).
RAW = "[\\u0001-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"
# JSON text writes control characters escaped, as \u000b.
ESCAPED = "\\\\u00(0[0-8bcef]|1[0-9a-f]|7f|[89][0-9a-f])"


def _text_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]


def _json_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, (models.JSONField, StreamField))]


def clean_stored_text(apps, schema_editor):
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.using(schema_editor.connection.alias)
        for field in _text_fields(model):
            for pk, value in rows.filter(**{f"{field.attname}__regex": RAW}).values_list("pk", field.attname):
                rows.filter(pk=pk).update(**{field.attname: clean_field_value(field, value)})
        for field in _json_fields(model):
            as_text = rows.annotate(_as_text=Cast(field.attname, models.TextField()))
            matching = as_text.filter(models.Q(_as_text__regex=RAW) | models.Q(_as_text__regex=ESCAPED))
            for pk, text in matching.values_list("pk", "_as_text"):
                data = json.loads(text)
                cleaned = clean_deep(data)
                if cleaned != data:
                    rows.filter(pk=pk).update(**{field.attname: cleaned})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("news", "0005_page_slug_path_index"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(clean_stored_text, migrations.RunPython.noop, elidable=True)]
