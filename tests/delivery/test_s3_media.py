"""S3-compatible media: production configures it from PORTAL_MEDIA_S3_*, and images and documents really go to the
bucket and come back, against a real S3 API server (moto's, on loopback, offline) rather than a mocked client."""

import io
import json
import socket
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from moto.server import ThreadedMotoServer
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.delivery.test_replica import production_settings, run_production_settings

CUSTOM_DOMAIN = "media.example.gov.vn"
CREDENTIALS = {"PORTAL_MEDIA_S3_ACCESS_KEY": "portal-media", "PORTAL_MEDIA_S3_SECRET_KEY": "portal-media-secret"}
NAMES = ["STORAGES", "CONTENT_SECURITY_POLICY", "PORTAL_ADMIN_CONTENT_SECURITY_POLICY", "WAGTAILDOCS_SERVE_METHOD"]


def public_images_policy(bucket):
    """The bucket policy docs/deploy.md gives: anyone may read images, nobody documents (they go through the app)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/original_images/*", f"arn:aws:s3:::{bucket}/images/*"],
            }
        ],
    }


def s3_env(endpoint, bucket="portal-media", custom_domain=""):
    return {
        "PORTAL_MEDIA_S3_BUCKET": bucket,
        "PORTAL_MEDIA_S3_ENDPOINT_URL": endpoint,
        "PORTAL_MEDIA_S3_CUSTOM_DOMAIN": custom_domain,
        **CREDENTIALS,
    }


def test_without_a_bucket_media_stay_on_local_disk():
    production = production_settings(NAMES)
    assert production["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'"]


def test_production_configures_s3_media_from_the_environment():
    production = production_settings(NAMES, **s3_env("https://s3.example.vn", custom_domain=f"{CUSTOM_DOMAIN}/"))
    assert production["STORAGES"] == {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "portal-media",
                "endpoint_url": "https://s3.example.vn",
                "region_name": "us-east-1",
                "access_key": "portal-media",
                "secret_key": "portal-media-secret",
                "addressing_style": "path",
                "custom_domain": CUSTOM_DOMAIN,
                "file_overwrite": False,
                "default_acl": None,
                "querystring_auth": False,
                "object_parameters": {"CacheControl": "public, max-age=604800"},
            },
        },
        "staticfiles": {"BACKEND": "portal.delivery.static_storage.PortalManifestStaticFilesStorage"},
    }
    # The public pages and the admin may show images from the media domain; documents still go through the app.
    for policy in ("CONTENT_SECURITY_POLICY", "PORTAL_ADMIN_CONTENT_SECURITY_POLICY"):
        assert f"https://{CUSTOM_DOMAIN}" in production[policy]["DIRECTIVES"]["img-src"]
        assert "'self'" in production[policy]["DIRECTIVES"]["img-src"]
    assert production["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


def test_without_a_custom_domain_images_are_allowed_from_the_endpoint():
    production = production_settings(NAMES, **s3_env("https://s3.example.vn:9000"))
    assert production["STORAGES"]["default"]["OPTIONS"]["custom_domain"] is None
    assert production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == ["'self'", "https://s3.example.vn:9000"]


def test_a_bucket_without_its_endpoint_and_keys_stops_production():
    result = run_production_settings(["STORAGES"], {"PORTAL_MEDIA_S3_BUCKET": "portal-media"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for name in ("PORTAL_MEDIA_S3_ENDPOINT_URL", "PORTAL_MEDIA_S3_ACCESS_KEY", "PORTAL_MEDIA_S3_SECRET_KEY"):
        assert name in result.stderr


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 API server on a free loopback port: everything it needs is installed, nothing is downloaded."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def media_bucket(settings, s3_endpoint):
    """Django's default storage as the production settings configure it, on a new bucket of the S3 server."""

    def configure(custom_domain=""):
        bucket = f"portal-media-{uuid.uuid4().hex[:12]}"
        settings.STORAGES = production_settings(["STORAGES"], **s3_env(s3_endpoint, bucket, custom_domain))["STORAGES"]
        client = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["PORTAL_MEDIA_S3_ACCESS_KEY"],
            aws_secret_access_key=CREDENTIALS["PORTAL_MEDIA_S3_SECRET_KEY"],
        )
        client.create_bucket(Bucket=bucket)
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_images_policy(bucket)))
        return client, bucket

    return configure


def png_bytes(size=(320, 240)):
    out = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def stored(client, bucket, key):
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.mark.django_db
def test_an_image_and_its_rendition_are_stored_in_the_bucket(media_bucket):
    client, bucket = media_bucket(custom_domain=CUSTOM_DOMAIN)
    original = png_bytes()
    image = get_image_model().objects.create(title="Lễ hội", file=ImageFile(io.BytesIO(original), name="le-hoi.png"))
    assert stored(client, bucket, image.file.name) == original
    assert (image.width, image.height) == (320, 240)

    rendition = image.get_rendition("fill-80x60")  # read back from the bucket, resized, written to it
    with PILImage.open(io.BytesIO(stored(client, bucket, rendition.file.name))) as thumbnail:
        assert thumbnail.size == (80, 60)
    assert rendition.url == f"https://{CUSTOM_DOMAIN}/{rendition.file.name}"
    head = client.head_object(Bucket=bucket, Key=rendition.file.name)
    assert head["CacheControl"] == "public, max-age=604800"


@pytest.mark.django_db
def test_without_a_custom_domain_images_are_public_bucket_urls_and_documents_are_not(media_bucket, s3_endpoint):
    client, bucket = media_bucket()
    original = png_bytes()
    image = get_image_model().objects.create(title="Cầu", file=ImageFile(io.BytesIO(original), name="cau.png"))
    assert image.file.url == f"{s3_endpoint}/{bucket}/{image.file.name}"  # unsigned: the same URL every time
    with urllib.request.urlopen(image.file.url, timeout=10) as response:
        assert response.read() == original

    document = get_document_model().objects.create(title="Mật", file=ContentFile(b"noi bo", name="noi-bo.txt"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(document.file.url, timeout=10)
    assert refused.value.code == 403


@pytest.mark.django_db
def test_a_document_is_stored_in_the_bucket_and_served_through_wagtails_view(media_bucket, client):
    s3, bucket = media_bucket(custom_domain=CUSTOM_DOMAIN)
    content = b"%PDF-1.4\n% Quyet dinh so 12/QD-UBND\n"
    document = get_document_model().objects.create(
        title="Quyết định 12", file=ContentFile(content, name="quyet-dinh-12.pdf")
    )
    assert stored(s3, bucket, document.file.name) == content
    assert document.url.startswith("/documents/")  # the app's view (permissions, headers), never the bucket

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_upload_never_overwrites_a_stored_file(media_bucket):
    s3, bucket = media_bucket()
    Document = get_document_model()
    first = Document.objects.create(title="Bản 1", file=ContentFile(b"ban mot", name="thong-bao.txt"))
    second = Document.objects.create(title="Bản 2", file=ContentFile(b"ban hai", name="thong-bao.txt"))
    assert first.file.name != second.file.name
    assert stored(s3, bucket, first.file.name) == b"ban mot"
    assert stored(s3, bucket, second.file.name) == b"ban hai"
