"""Wagtail's images, documents, snippets and redirects apps run without Wagtail's API (portal/core/wagtail_apps.py):
everything else their ready() does still happens, and an upgrade of Wagtail that changes it is caught here."""

import hashlib
import inspect
import sys

import pytest
from django.db.models import CASCADE, ForeignKey
from wagtail.admin.forms.models import registry as form_field_overrides
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images import get_image_model
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.models.reference_index import ReferenceIndex
from wagtail.snippets.apps import WagtailSnippetsAppConfig
from wagtail.snippets.models import get_snippet_models

from portal.news.models import Department

# sha256 of each upstream ready() as Wagtail 8.0.1 writes it; portal/core/wagtail_apps.py repeats them without the
# lines that register the API. A new Wagtail that changes one fails here: review that file, then update the digest.
UPSTREAM_READY = {
    WagtailImagesAppConfig: "52e409385bb1ad62",
    WagtailDocsAppConfig: "4cdf87a46dbf81ef",
    WagtailSnippetsAppConfig: "1ac35b5ed4034956",
    WagtailRedirectsAppConfig: "19d1a78049d84e47",
}


@pytest.mark.parametrize("config", UPSTREAM_READY, ids=lambda config: config.__name__)
def test_the_upstream_ready_is_the_one_reviewed(config):
    digest = hashlib.sha256(inspect.getsource(config.ready).encode()).hexdigest()[:16]
    assert digest == UPSTREAM_READY[config], f"{config.__name__}.ready() changed: review portal/core/wagtail_apps.py"


def test_the_api_routers_are_not_loaded():
    assert "wagtail.images.api.v3.router" not in sys.modules
    assert "wagtail.documents.api.v3.router" not in sys.modules
    assert "wagtail.snippets.api.v3.router" not in sys.modules
    assert "wagtail.contrib.redirects.api.v3" not in sys.modules


def test_what_else_the_apps_set_up_is_still_there():
    from wagtail.documents import get_document_model
    from wagtail.images.widgets import AdminImageChooser

    image, document = get_image_model(), get_document_model()
    assert Department in get_snippet_models()  # @register_snippet was honoured
    assert image in ReferenceIndex.indexed_models and document in ReferenceIndex.indexed_models
    override = form_field_overrides.get(ForeignKey(image, on_delete=CASCADE))
    assert override["widget"] is AdminImageChooser  # editors pick images with Wagtail's chooser
