from django.apps import AppConfig


class LegalConfig(AppConfig):
    """Văn bản: the agency's legal and direction documents, and the citations of them in other text."""

    name = "portal.legal"
    label = "legal"
    verbose_name = "Văn bản"
