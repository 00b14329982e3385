"""A document's full text as structured parts (Phần, Chương, Mục, Điều, Khoản), each with an anchor to link to."""

from wagtail import blocks

from portal.core.text import slugify_vi

LEVELS = [
    ("phan", "Phần"),
    ("chuong", "Chương"),
    ("muc", "Mục"),
    ("dieu", "Điều"),
    ("khoan", "Khoản"),
]


class FullTextBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(choices=LEVELS, label="Cấp")
    number = blocks.CharBlock(label="Số", max_length=20, help_text="Ví dụ: 1, II, 2a.")
    heading = blocks.CharBlock(label="Tên", required=False)
    text = blocks.TextBlock(label="Nội dung", required=False)

    class Meta:
        label = "Phần văn bản"
        icon = "doc-full"


def anchor(level: str, number: str) -> str:
    """The fragment identifier of a part ("dieu-2"), as citations of "Điều 2" link to it."""
    return f"{level}-{slugify_vi(number)}"
