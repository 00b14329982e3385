"""Upload checks by content, not by name: what a document really is, whether an image decodes, safe file names."""

import codecs
import re
import warnings
import zipfile

import filetype
from django.core.exceptions import ValidationError
from PIL import Image as PILImage

from portal.core.text import slugify_vi

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Office 97-2003 files are OLE containers; the stream that makes each one what it is, as stored (UTF-16LE).
OLE_STREAMS = {
    "doc": ("WordDocument",),
    "xls": ("Workbook", "Book"),
    "ppt": ("PowerPoint Document",),
}
# Office Open XML and OpenDocument files are ZIP packages; the part (or mimetype) that makes each one.
PACKAGE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
OPENDOCUMENT_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
# Macros: VBA in Office Open XML, Basic scripts in OpenDocument.
MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$|^Basic/|^Scripts/", re.IGNORECASE)
# ...and VBA storages in old binary Office files (stream names are UTF-16 in the OLE directory).
OLE_MACRO_STREAMS = ("_VBA_PROJECT_CUR", "VBA", "Macros")
TEXT_KINDS = {"txt", "csv"}
# A text document must not be something a browser or a shell would run.
MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|img|a\s|meta|link|style|form|math|\?xml)"
    rb"|javascript\s*:|\bon[a-z]+\s*=",
    re.IGNORECASE,
)
SNIFF_BYTES = 8192
CHUNK = 64 * 1024


def safe_filename(name: str, fallback: str = "tep") -> str:
    """An ASCII file name without folders: "C:\\Tài liệu\\Báo cáo Quý 1.PDF" -> "bao-cao-quy-1.pdf"."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    stem = slugify_vi(stem)[:80].strip("-_") or fallback
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    _, dot, extension = safe_filename(name).rpartition(".")
    return extension if dot else ""


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks(CHUNK)) if hasattr(upload, "chunks") else upload.read()
    upload.seek(0)
    return data


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _describe(kind) -> str:
    return kind.extension.upper() if kind else "không xác định"


def _check_text(data: bytes, extension: str):
    if b"\x00" in data:
        _refuse(f"Tệp .{extension} phải là văn bản thuần, nhưng nội dung là dữ liệu nhị phân.", "not_text")
    try:
        codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        _refuse(f"Tệp .{extension} phải là văn bản mã hóa UTF-8.", "not_utf8")
    if data.lstrip(codecs.BOM_UTF8).startswith(b"#!") or MARKUP.search(data):
        _refuse(f"Tệp .{extension} chứa mã HTML, SVG hoặc mã lệnh; không nhận tệp này.", "markup_in_text")


def _check_ole(data: bytes, extension: str):
    streams = OLE_STREAMS[extension]
    if not data.startswith(OLE_MAGIC) or not any(name.encode("utf-16-le") in data for name in streams):
        _refuse(f"Nội dung tệp không phải là tài liệu .{extension} của Microsoft Office.", "content_mismatch")
    if any(f"{name}\x00".encode("utf-16-le") in data for name in OLE_MACRO_STREAMS):
        _refuse("Tệp có chứa macro (mã VBA); hãy lưu lại thành tệp không có macro.", "macro")


def _check_package(upload, extension: str):
    try:
        with zipfile.ZipFile(upload) as package:
            names = package.namelist()
            if extension in OPENDOCUMENT_TYPES:
                # Read only a small mimetype entry: a huge one would be a ZIP bomb.
                expected = OPENDOCUMENT_TYPES[extension].encode()
                valid = (
                    "mimetype" in names
                    and package.getinfo("mimetype").file_size <= 100
                    and package.read("mimetype") == expected
                )
            elif extension in PACKAGE_PARTS:
                valid = PACKAGE_PARTS[extension] in names
            else:
                valid = True
    except (zipfile.BadZipFile, OSError, KeyError):
        valid, names = False, []
    finally:
        upload.seek(0)
    if not valid:
        _refuse(f"Nội dung tệp không phải là tệp .{extension} hợp lệ.", "content_mismatch")
    if any(MACRO_PART.search(name) for name in names):
        _refuse("Tệp có chứa macro (mã VBA); hãy lưu lại thành tệp không có macro.", "macro")


def check_document_content(upload, allowed_extensions):
    """Raise ValidationError unless the file's content is an allowed document type that agrees with its extension."""
    extension = extension_of(upload.name)
    if extension not in allowed_extensions:
        allowed = ", ".join(sorted(allowed_extensions))
        _refuse(f"Không nhận tệp .{extension or '(không có đuôi)'}. Chỉ nhận các loại: {allowed}.", "extension")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    mismatch = f"Nội dung tệp ({_describe(kind)}) không khớp với đuôi .{extension}; không nhận tệp này."
    if extension in TEXT_KINDS:
        if kind is not None:
            _refuse(mismatch, "content_mismatch")
        _check_text(_read_all(upload), extension)
    elif extension in ("pdf", "rtf"):
        if kind is None or kind.extension != extension:
            _refuse(mismatch, "content_mismatch")
    elif extension in OLE_STREAMS:
        if kind is not None and kind.extension not in OLE_STREAMS:
            _refuse(mismatch, "content_mismatch")
        _check_ole(_read_all(upload), extension)
    else:  # zip, docx, xlsx, pptx, odt, ods: ZIP packages
        if not head.startswith(ZIP_MAGIC):
            _refuse(mismatch, "content_mismatch")
        _check_package(upload, extension)


def claimed_pixels(upload) -> int | None:
    """The pixel count an image's header claims, read without decoding; None when the header is not an image's."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as image:
                width, height = image.size
    except PILImage.DecompressionBombError as exc:
        # Pillow refuses over twice its own limit before reading the size: the claim is at least that big.
        raise ValidationError(
            "Ảnh có quá nhiều điểm ảnh (có thể là “bom giải nén”); không nhận tệp này.", code="file_too_many_pixels"
        ) from exc
    except (OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return width * height


def decode_image_fully(upload):
    """Decode every pixel of every frame, so a file whose header is an image but whose data is not is refused.

    Call it only after the pixel count is known to be within WAGTAILIMAGES_MAX_IMAGE_PIXELS: that bounds the memory.
    """
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                image.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
        raise ValidationError("Tệp ảnh bị hỏng hoặc không giải mã được.", code="undecodable_image") from exc
    finally:
        upload.seek(0)
