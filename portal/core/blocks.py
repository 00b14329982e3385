"""StreamField blocks shared by article and standard pages."""

import html
import re

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Ảnh")
    caption = blocks.CharBlock(required=False, label="Chú thích")
    alt_text = blocks.CharBlock(required=False, label="Mô tả ảnh (cho người khiếm thị)")

    class Meta:
        icon = "image"
        label = "Ảnh có chú thích"
        template = "core/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(required=False, label="Nguồn")

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "core/blocks/quote.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Tệp")
    title = blocks.CharBlock(required=False, label="Tên hiển thị")

    class Meta:
        icon = "doc-full"
        label = "Tệp đính kèm"
        template = "core/blocks/attachment.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Đoạn văn")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    table = TableBlock(label="Bảng", template="core/blocks/table.html")
    attachment = AttachmentBlock()


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


def _block_text(block_type, value, rich_text_source) -> list[str]:
    if block_type == "paragraph":
        return [rich_text_source(value)]
    if not isinstance(value, dict):
        return []
    if block_type == "quote":
        return [value.get("text", ""), value.get("attribution", "")]
    if block_type == "image":
        return [value.get("caption", "")]
    if block_type == "table":
        return [str(cell) for row in (value or {}).get("data", []) or [] for cell in row if cell]
    if block_type == "attachment":
        return [value.get("title", "")]
    return []


def _joined_lines(parts) -> str:
    lines = (line.strip() for part in parts if part for line in str(part).splitlines())
    return "\n".join(line for line in lines if line)


def _rich_text(value) -> str:
    return html.unescape(strip_tags(BLOCK_END.sub("\n", value.source)))


def stream_text(stream_value) -> str:
    """The readable plain text of a body (paragraphs, quotes, captions, tables), for search and snippets.

    Paragraphs stay apart (``<p>a</p><p>b</p>`` is "a\nb", not "ab") and entities are decoded exactly once.
    """
    parts = []
    for block in stream_value or []:
        parts += _block_text(block.block_type, block.value, _rich_text)
    return _joined_lines(parts)


TAG = re.compile(r"<[^>]*>")


def _raw_rich_text(source) -> str:
    return html.unescape(TAG.sub("", BLOCK_END.sub("\n", source))) if isinstance(source, str) else ""


def raw_stream_text(raw) -> str:
    """``stream_text`` of a body's stored JSON (the parsed list of blocks, or a StreamValue's ``raw_data``) without
    building its blocks (no image or document lookups) and with tags removed by a pattern instead of an HTML parser:
    quick enough to show snippets of many bodies. Editor HTML escapes every "<" of the text, so both agree.
    """
    parts = []
    for block in raw:
        if isinstance(block, dict):
            parts += _block_text(block.get("type"), block.get("value"), _raw_rich_text)
    return _joined_lines(parts)
