from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def vietnamese_slug_js():
    # Wagtail's client-side slug maps "đ" to "dj" and drops letters such as "ẵ"; this rewrites the slug it proposes.
    return format_html('<script src="{}"></script>', static("js/admin-slug-vi.js"))
