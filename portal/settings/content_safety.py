"""Content safety: the HTML sanitiser's app and the upload limits and checks (issue 5). Imported by base.py."""

CONTENT_SAFETY_APPS: list[str] = ["portal.safety"]

# Images: decoded by Willow on upload, then fully by Pillow (portal.safety.forms). No SVG: it can carry script.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# 50 megapixels is more than a phone camera takes; a "decompression bomb" of a few KB claims far more.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.safety.forms.SafeImageForm"

# Documents: the extension must be on this list and agree with what the content is (portal.safety.uploads).
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "zip", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.safety.forms.SafeDocumentForm"
# Documents are served by Wagtail's view (CSP "default-src 'none'", nosniff, attachment) rather than straight
# from MEDIA_URL; only PDF opens in the browser, every other type is downloaded.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
