"""StreamField blocks shared by article and standard pages."""

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
