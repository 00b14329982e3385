"""The documents registry in the admin: documents with the editorial workflow, issuers and fields as lists."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Field, Issuer, LegalDocument


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full-inverse"
    menu_label = "Văn bản"
    list_display = ["number", "doc_type", "abstract", "issued_on", "issuer"]
    list_filter = ["doc_type", "issuer", "fields"]
    search_fields = ["number", "abstract", "signer"]
    search_backend_name = None  # the database's own matching: documents are not in Wagtail's search index


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "group"
    menu_label = "Cơ quan ban hành"
    list_display = ["name", "site"]


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    menu_label = "Lĩnh vực"


class LegalViewSetGroup(SnippetViewSetGroup):
    items = (LegalDocumentViewSet, IssuerViewSet, FieldViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Văn bản"
    menu_name = "van-ban"


register_snippet(LegalViewSetGroup)
