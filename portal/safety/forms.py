"""The admin upload forms (WAGTAILDOCS_DOCUMENT_FORM_BASE, WAGTAILIMAGES_IMAGE_FORM_BASE) with content checks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from portal.core.templatetags.portal_tags import vi_number

from .uploads import check_document_content, claimed_pixels, decode_image_fully, safe_filename

TOO_LARGE = "Tệp quá lớn (%(file_size)s). Dung lượng tối đa %(max_filesize)s."
TOO_LARGE_UNKNOWN = "Tệp quá lớn. Dung lượng tối đa %(max_filesize)s."
IMAGE_MESSAGES = {
    "invalid_image": "Tệp tải lên không phải là ảnh, hoặc ảnh đã hỏng.",
    "invalid_image_extension": "Không nhận định dạng ảnh này. Chỉ nhận: %(formats)s (không nhận SVG).",
    "invalid_image_known_format": (
        "Tệp không phải là ảnh .%(extension)s thật: nội dung là %(image_format)s, không khớp với đuôi tệp."
    ),
    "file_too_large": TOO_LARGE,
    "file_too_large_unknown_size": TOO_LARGE_UNKNOWN,
    "file_too_many_pixels": "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s). Tối đa %(max_pixels_count)s điểm ảnh.",
}
DOCUMENT_MESSAGES = {"file_too_large": TOO_LARGE, "file_too_large_unknown_size": TOO_LARGE_UNKNOWN}
# Wagtail formats these when it builds the field, the others when it raises them.
PREFILLED = {"invalid_image_extension", "file_too_large_unknown_size"}


def _use_messages(field, messages, **prefilled):
    """Put Vietnamese messages on Wagtail's file field."""
    prefilled["max_filesize"] = field.max_upload_size_text
    for code, message in messages.items():
        field.error_messages[code] = message % prefilled if code in PREFILLED else message


class SafeImageField(WagtailImageField):
    """Wagtail's image field, but the pixel count is checked from the header before anything is decoded.

    Willow decodes the first frame to learn the size, so Wagtail's own pixel limit is checked too late to stop a
    decompression bomb, and a truncated file raises instead of being refused.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "seek"):
            pixels = claimed_pixels(data)
            if pixels is not None and self.max_image_pixels is not None and pixels > self.max_image_pixels:
                raise ValidationError(
                    self.error_messages["file_too_many_pixels"]
                    % {"num_pixels": vi_number(pixels), "max_pixels_count": vi_number(self.max_image_pixels)},
                    code="file_too_many_pixels",
                )
        try:
            upload = super().to_python(data)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        if upload is not None:
            decode_image_fully(upload)
        return upload


def _new_upload(form):
    upload = form.cleaned_data.get("file")
    return upload if isinstance(upload, UploadedFile) else None


class SafeImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            field = SafeImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )
            _use_messages(field, IMAGE_MESSAGES, formats=field.supported_formats_text)
            self.fields["file"] = field

    def clean_file(self):
        upload = _new_upload(self)
        if upload is not None:
            upload.name = safe_filename(upload.name, fallback="anh")
        return self.cleaned_data["file"]


class SafeDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            _use_messages(self.fields["file"], DOCUMENT_MESSAGES)

    def _post_clean(self):
        # Document.clean() checks the extension of whatever file is left; after a refused upload that is no file,
        # and its "extension “”" error would only confuse the one that says why the upload was refused.
        refused = list(self.errors.get("file", []))
        super()._post_clean()
        if refused:
            self.errors["file"] = self.error_class(refused)

    def clean_file(self):
        upload = _new_upload(self)
        if upload is not None:
            check_document_content(upload, set(settings.WAGTAILDOCS_EXTENSIONS))
            upload.name = safe_filename(upload.name)
        return self.cleaned_data["file"]
