"""Wagtail's images, documents, snippets and redirects apps, without registering Wagtail's HTTP API (v3).

Each of these apps ends its ready() by adding routers to Wagtail's API v3, which imports django-ninja and pydantic
(with pydantic-core's compiled library): a sizeable share of every application process's memory, for an
API the portal does not serve (no URL includes it). These configs run the rest of each ready() as Wagtail 8.0
writes it. tests/core/test_wagtail_apps.py pins the upstream ready() bodies, so an upgrade that changes them fails
until these are reviewed.
"""

from django.db.models import ForeignKey
from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


class ImagesWithoutApiConfig(WagtailImagesAppConfig):
    def ready(self):
        from wagtail.admin.compare import register_comparison_class
        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images import get_image_model, get_permission_policy
        from wagtail.images.components import ImageDisplay
        from wagtail.images.edit_handlers import ImageFieldComparison
        from wagtail.images.signal_handlers import register_signal_handlers
        from wagtail.images.widgets import AdminImageChooser
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        image = get_image_model()
        register_permission_policy(image, get_permission_policy())
        register_signal_handlers()
        register_form_field_override(ForeignKey, to=image, override={"widget": AdminImageChooser})
        register_comparison_class(ForeignKey, to=image, comparison_class=ImageFieldComparison)
        register_display_class(ForeignKey, to=image, display_class=ImageDisplay)
        ReferenceIndex.register_model(image)


class DocumentsWithoutApiConfig(WagtailDocsAppConfig):
    def ready(self):
        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents import get_document_model, get_permission_policy
        from wagtail.documents.components import DocumentDisplay
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.models.reference_index import ReferenceIndex
        from wagtail.permissions import register_permission_policy

        document = get_document_model()
        register_permission_policy(document, get_permission_policy())
        register_signal_handlers()
        register_display_class(ForeignKey, to=document, display_class=DocumentDisplay)
        ReferenceIndex.register_model(document)


class SnippetsWithoutApiConfig(WagtailSnippetsAppConfig):
    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class RedirectsWithoutApiConfig(WagtailRedirectsAppConfig):
    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_slug_changed, post_page_move

        register_permission_policy(Redirect)
        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)
