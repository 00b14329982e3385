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


def stream_text(stream_value) -> str:
    """The readable plain text of a body (paragraphs, quotes, captions, tables), for search and snippets.

    Paragraphs stay apart (``<p>a</p><p>b</p>`` is "a\nb", not "ab") and entities are decoded exactly once.
    """
    parts = []
    for block in stream_value or []:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(html.unescape(strip_tags(BLOCK_END.sub("\n", value.source))))
        elif block.block_type == "quote":
            parts.extend([value.get("text", ""), value.get("attribution", "")])
        elif block.block_type == "image":
            parts.append(value.get("caption", ""))
        elif block.block_type == "table":
            parts.extend(str(cell) for row in (value or {}).get("data", []) or [] for cell in row if cell)
        elif block.block_type == "attachment":
            parts.append(value.get("title", ""))
    lines = (line.strip() for part in parts for line in part.splitlines())
    return "\n".join(line for line in lines if line)
