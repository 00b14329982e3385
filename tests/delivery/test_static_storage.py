"""Static URLs worked out once per process are the URLs Django's manifest storage gives."""

import json

import pytest
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

from portal.delivery.static_storage import PortalManifestStaticFilesStorage


@pytest.fixture
def static_root(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "portal.0123456789ab.css").write_text("body{}")
    manifest = {"paths": {"css/portal.css": "css/portal.0123456789ab.css"}, "version": "1.1", "hash": "abc"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return tmp_path


def test_hashed_urls_are_django_s(static_root):
    ours = PortalManifestStaticFilesStorage(location=static_root, base_url="/static/")
    django = ManifestStaticFilesStorage(location=static_root, base_url="/static/")
    assert ours.url("css/portal.css") == django.url("css/portal.css") == "/static/css/portal.0123456789ab.css"
    assert ours.url("css/portal.css") == "/static/css/portal.0123456789ab.css"  # the remembered one


def test_a_name_missing_from_the_manifest_is_still_an_error(static_root):
    ours = PortalManifestStaticFilesStorage(location=static_root, base_url="/static/")
    for _ in range(2):  # errors are not remembered as answers
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("js/unknown.js")
