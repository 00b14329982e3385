"""What an application process loads, in a fresh interpreter: none of the large libraries it has no use for (the
memory per worker is one of issue 6's aims) and no image decoder for a format the portal does not accept."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
from PIL import Image
import portal.wsgi
from portal.search import index_sync, views
get_resolver().url_patterns
Image.init()
print(json.dumps({
    "modules": sorted(name for name in ("tantivy", "pillow_heif") if sys.modules.get(name) is not None),
    "openers": sorted(Image.OPEN),
}))
"""


def loaded_by_a_worker(settings_module="portal.settings.test"):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
    done = subprocess.run(
        [sys.executable, "-c", LOADED], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_worker_loads_no_search_library_it_does_not_use_and_no_heif_decoder():
    loaded = loaded_by_a_worker()
    # tantivy (17 MB) is loaded by the first search on SQLite only; pillow_heif never (portal/__init__.py).
    assert loaded["modules"] == []
    # Uploads are tried against Pillow's openers: the formats the portal accepts are there, HEIF/AVIF by libheif not.
    assert {"JPEG", "PNG", "GIF", "WEBP"} <= set(loaded["openers"])
    assert not {"HEIF", "HEIC"} & set(loaded["openers"])
