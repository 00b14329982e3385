"""The allowlist sanitiser for rich text, applied to every RichTextField and rich-text block before it is saved.

The allowlist is Wagtail's rich-text *storage* format (what Draftail writes, plus tables that imported HTML may
carry): ``<a linktype="page" id="3">`` and ``<embed embedtype="image" id="5" .../>`` are expanded to real links and
images only when the page is rendered, so they are kept as they are; everything that can run script is removed.
"""

import json
import re

import nh3
from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.fields import RichTextField, StreamField

BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr", "br"}
INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "span"}
TABLE_TAGS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
ALLOWED_TAGS = BLOCK_TAGS | INLINE_TAGS | TABLE_TAGS | {"embed"}
# Removed together with their content: their text is code or markup, never prose.
REMOVED_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "template", "noscript", "textarea"}
ALLOWED_ATTRIBUTES = {
    "*": {"data-block-key"},  # Draftail's stable block ids
    "a": {"href", "id"},
    "embed": {"id", "format", "alt", "url"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# Attributes allowed only with these values (nh3 drops any other value).
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"linktype": {"page", "document"}},
    "embed": {"embedtype": {"image", "media"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# html5ever writes void elements as "<embed ...>"; Wagtail's rewriter only expands "<embed .../>".
_EMBED = re.compile(r'<embed((?:\s+[\w-]+="[^"]*")*)\s*/?>')
_HTTP_URL = re.compile(r"^https?://", re.IGNORECASE)
# A page or document link, or an image embed, is expanded from its id; without one Wagtail's reference index and
# rewriter fail (KeyError), so such a link becomes plain text and such an image goes.
_REFERENCE_TAG = re.compile(r"<(a|embed)((?:\s+[\w-]+=\"[^\"]*\")*)\s*(/?)>")
_HAS_ID = re.compile(r'\sid="')
_LINKTYPE = re.compile(r'\s+linktype="[^"]*"')


def _filter_attribute(element, attribute, value):
    if attribute == "id":
        # Wagtail's ids are database keys; any other id could clobber names the page's scripts rely on. ASCII only:
        # "²".isdigit() is true, and int() refuses it when the page is rendered.
        return value if value.isascii() and value.isdigit() else None
    if element == "embed" and attribute == "url":
        return value if _HTTP_URL.match(value) else None  # media embeds go through the oEmbed allowlist
    return value


def sanitize_html(html: str) -> str:
    """``html`` with only the allowlisted tags, attributes and URL schemes left; idempotent."""
    if not html:
        return html
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _REFERENCE_TAG.sub(_without_dangling_reference, _EMBED.sub(r"<embed\1/>", cleaned))


def _without_dangling_reference(match):
    name, attributes, closing = match.groups()
    if _HAS_ID.search(attributes):
        return match.group(0)
    if name == "a":
        return f"<a{_LINKTYPE.sub('', attributes)}>"
    return "" if 'embedtype="image"' in attributes else match.group(0)


def _sanitize_block_value(block, value):
    """Clean every rich-text value inside one block's value, in place, however deeply it is nested."""
    if value is None:
        return
    if isinstance(block, RichTextBlock):
        value.source = sanitize_html(value.source)
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            _sanitize_block_value(child_block, value.get(name))
    elif isinstance(block, ListBlock):
        for item in value:
            _sanitize_block_value(block.child_block, item)
    elif isinstance(block, StreamBlock):
        for child in value:
            _sanitize_block_value(child.block, child.value)


def sanitize_instance_rich_text(instance):
    """Clean the instance's RichTextFields and the rich-text blocks of its StreamFields, in place."""
    deferred = instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.attname in deferred:
            continue
        if isinstance(field, RichTextField):
            value = getattr(instance, field.attname, None)
            if value:
                setattr(instance, field.attname, sanitize_html(value))
        elif isinstance(field, StreamField):
            value = getattr(instance, field.attname, None)
            if value:
                _sanitize_block_value(field.stream_block, value)


def sanitize_rich_text_before_save(sender, instance, raw=False, **kwargs):
    if not raw:
        sanitize_instance_rich_text(instance)


def sanitize_revision_content(revision):
    """Clean the rich text inside a revision's content: a draft is previewed and published from it, never from
    the page row that the save signal above cleans."""
    model = revision.content_type.model_class() if revision.content_type_id else None
    if model is None or not isinstance(revision.content, dict):
        return
    for field in model._meta.concrete_fields:
        stored = revision.content.get(field.name)
        if not stored or not isinstance(stored, str):
            continue
        if isinstance(field, RichTextField):
            revision.content[field.name] = sanitize_html(stored)
        elif isinstance(field, StreamField):
            value = field.to_python(stored)
            _sanitize_block_value(field.stream_block, value)
            # The revision format (modelcluster's): the stream as a JSON string, as StreamField.value_to_string writes.
            revision.content[field.name] = json.dumps(field.get_prep_value(value), cls=field.json_field.encoder)


def sanitize_revision_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    # Scheduled publishing saves only the go-live date: the content was cleaned when the revision was made.
    if not raw and (update_fields is None or "content" in update_fields):
        sanitize_revision_content(instance)
