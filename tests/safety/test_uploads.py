"""Uploads through the real admin views: disguised files are refused with a Vietnamese reason, nothing is stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from portal.safety.uploads import safe_filename

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = django_user_model.objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-thu-nghiem-123")
    client.force_login(editor)
    return client


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload(client, kind, name, data):
    return client.post(
        f"/admin/{kind}/add/",
        {"title": "Tệp thử", "collection": Collection.get_first_root_node().pk, "file": SimpleUploadedFile(name, data)},
    )


def refusal(response) -> str:
    assert response.status_code == 200, "a refused upload shows the form again"
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1, errors  # one clear reason, not two
    return errors[0]


DISGUISED_DOCUMENTS = [
    ("thong-bao.pdf", files.HTML, "không khớp với đuôi .pdf"),
    ("bieu-mau.docx", files.SVG, "không khớp với đuôi .docx"),
    ("cong-van.pdf", files.EXE, "(EXE) không khớp với đuôi .pdf"),
    ("bao-cao.doc", files.ELF, "(ELF) không khớp với đuôi .doc"),
    ("ghi-chu.txt", files.HTML, "chứa mã HTML, SVG hoặc mã lệnh"),
    ("danh-sach.csv", b"ten,gia\n<svg onload=alert(1)>,1\n", "chứa mã HTML, SVG hoặc mã lệnh"),
    ("cai-dat.txt", files.SHELL, "chứa mã HTML, SVG hoặc mã lệnh"),
    ("danh-sach.csv", b"T\xean \xf0\xf5n vi\xf2\n", "mã hóa UTF-8"),
    ("ke-hoach.docx", files.PDF, "không khớp với đuôi .docx"),
    ("ke-hoach.pdf", files.docx(), "(DOCX) không khớp với đuôi .pdf"),
    ("bang-tinh.xlsx", files.docx(), "không phải là tệp .xlsx hợp lệ"),
    ("van-ban.docx", files.plain_zip(), "không phải là tệp .docx hợp lệ"),
    ("van-ban.docx", files.office_package("word/document.xml", {"word/vbaProject.bin": b"x"}), "macro"),
    ("van-ban.doc", files.OLE_WITHOUT_WORD, "không phải là tài liệu .doc"),
    ("van-ban.doc", files.OLE_WORD_WITH_MACROS, "macro"),
    (
        "bao-cao.odt",
        files.office_package(
            "content.xml", {"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml": b"x"}
        ),
        "macro",
    ),
    ("trang.html", files.HTML, "Không nhận tệp .html"),
    ("hinh.svg", files.SVG, "Không nhận tệp .svg"),
    ("chuong-trinh.exe", files.EXE, "Không nhận tệp .exe"),
]


@pytest.mark.parametrize(("name", "data", "reason"), DISGUISED_DOCUMENTS)
def test_disguised_document_is_refused_and_nothing_is_stored(editor_client, settings, name, data, reason):
    response = upload(editor_client, "documents", name, data)
    assert reason in refusal(response)
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_oversized_document_is_refused(editor_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload(editor_client, "documents", "lon.pdf", files.PDF + b"%" * 2048)
    assert refusal(response).startswith("Tệp quá lớn")
    assert not Document.objects.exists()


def test_disguised_document_is_refused_by_the_multiple_uploader(editor_client, settings):
    response = editor_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("thong-bao.pdf", files.HTML), "collection": Collection.get_first_root_node().pk},
    )
    payload = json.loads(response.content)
    assert payload["success"] is False
    assert "không khớp với đuôi .pdf" in payload["error_message"]
    assert not Document.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "data", "stored"),
    [
        ("Báo cáo Quý 1 (Đợt 2).pdf", files.PDF, "documents/bao-cao-quy-1-dot-2.pdf"),
        ("Kế hoạch năm 2024.DOCX", files.docx(), "documents/ke-hoach-nam-2024.docx"),
        ("Danh sách.csv", files.CSV, "documents/danh-sach.csv"),
        ("Hồ sơ.zip", files.plain_zip(), "documents/ho-so.zip"),
        ("Tờ trình.doc", files.OLE_WORD, "documents/to-trinh.doc"),
    ],
)
def test_real_document_is_accepted_under_a_safe_name(editor_client, settings, name, data, stored):
    response = upload(editor_client, "documents", name, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    document = Document.objects.get()
    assert document.file.name == stored
    assert stored_files(settings) == [stored]
    with document.file.open("rb") as handle:
        assert handle.read() == data


DISGUISED_IMAGES = [
    ("anh.jpg", b"Day khong phai la anh, chi la van ban.", "không phải là ảnh"),
    ("anh.png", files.HTML, "không phải là ảnh"),
    ("logo.svg", files.SVG, "không nhận SVG"),
    ("logo.png", files.SVG, "không khớp với đuôi tệp"),
    ("anh.jpg", files.image_bytes("PNG"), "không khớp với đuôi tệp"),
    ("bom.png", files.png_claiming(8000, 8000), "Ảnh có quá nhiều điểm ảnh (64.000.000). Tối đa 50.000.000"),
    ("bom-lon.png", files.png_claiming(30000, 30000), "bom giải nén"),
    ("hong.png", files.truncated_png(), "ảnh đã hỏng"),
    ("lon.png", files.image_bytes("PNG") + b"\x00" * (10 * 1024 * 1024), "Tệp quá lớn"),
]


@pytest.mark.parametrize(("name", "data", "reason"), DISGUISED_IMAGES)
def test_bad_image_is_refused_and_nothing_is_stored(editor_client, settings, name, data, reason):
    response = upload(editor_client, "images", name, data)
    assert reason in refusal(response)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_bad_image_is_refused_by_the_multiple_uploader(editor_client, settings):
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bom.png", files.png_claiming(8000, 8000))},
    )
    payload = json.loads(response.content)
    assert payload["success"] is False
    assert "quá nhiều điểm ảnh" in payload["error_message"]
    assert not Image.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "fmt", "stored"),
    [("Ảnh Đà Nẵng.JPG", "JPEG", "original_images/anh-da-nang.jpg"), ("../../etc/Lễ hội.png", "PNG", None)],
)
def test_real_image_is_accepted_under_a_safe_name(editor_client, settings, name, fmt, stored):
    response = upload(editor_client, "images", name, files.image_bytes(fmt))
    assert response.status_code == 302, response.context and response.context["form"].errors
    image = Image.objects.get()
    assert image.file.name == (stored or "original_images/le-hoi.png")
    assert (image.width, image.height) == (64, 48)
    assert stored_files(settings) == [image.file.name]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("C:\\Tài liệu\\Báo cáo Quý 1.PDF", "bao-cao-quy-1.pdf"),
        ("../../../etc/passwd", "passwd"),
        ("Nghị quyết 06/2020/NQ-HĐND.docx", "nq-hdnd.docx"),
        ("Đơn đề nghị <script>.pdf", "don-de-nghi-script.pdf"),
        (".htaccess", "tep.htaccess"),
        ("ảnh.tar.gz", "anh-tar.gz"),
    ],
)
def test_file_names_are_made_safe(name, safe):
    assert safe_filename(name) == safe
