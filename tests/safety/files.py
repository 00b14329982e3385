"""Real and disguised files for the upload tests, all made in memory."""

import io
import struct
import zipfile
import zlib

from PIL import Image

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
SHELL = b"#!/bin/sh\nrm -rf ~\n"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)
CSV = "Họ và tên,Đơn vị\nNgọc Bích,Phòng LĐTB&XH\n".encode()


def image_bytes(fmt="PNG", size=(64, 48), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "#0b6e3a").save(buffer, fmt)
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header claims ``width`` x ``height`` pixels: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def truncated_png() -> bytes:
    """A real PNG cut in the middle of its pixel data: the header alone looks fine."""
    whole = image_bytes("PNG", size=(400, 300), mode="RGB")
    noisy = io.BytesIO()
    Image.frombytes("RGB", (400, 300), bytes(range(256)) * 1407 + bytes(108)).save(noisy, "PNG")
    data = noisy.getvalue()
    return data[: len(data) // 2] if len(data) > len(whole) else whole[: len(whole) // 2]


def office_package(main_part: str, extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package (docx: word/document.xml) made with zipfile."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr(main_part, '<?xml version="1.0"?><w:document><w:body>Báo cáo</w:body></w:document>')
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def docx() -> bytes:
    return office_package("word/document.xml")


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao-cao.txt", "Báo cáo")
    return buffer.getvalue()


def _ole(stream_name: str) -> bytes:
    """The start of an OLE compound file whose directory names ``stream_name`` (as stored, UTF-16LE)."""
    header = OLE_MAGIC + b"\x00" * 504
    directory = stream_name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    return header + b"\xec\xa5\xc1\x00" + b"\x00" * 508 + directory


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_WORD = _ole("WordDocument")
OLE_WITHOUT_WORD = _ole("MsiDatabase")
OLE_WORD_WITH_MACROS = OLE_WORD + "Macros".encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
