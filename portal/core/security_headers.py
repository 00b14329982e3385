"""Security headers Django does not send itself: a Content-Security-Policy chosen by path, and Permissions-Policy."""

from functools import lru_cache

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


@lru_cache(maxsize=1)
def admin_path_prefixes() -> tuple[str, ...]:
    """Where the Wagtail admin and Django's admin live, read from the URL configuration."""
    return (reverse("wagtailadmin_home"), reverse("admin:index"))


def is_admin_path(path: str) -> bool:
    return path.startswith(admin_path_prefixes())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with PORTAL_ADMIN_CONTENT_SECURITY_POLICY in the admins.

    Public pages get the strict CONTENT_SECURITY_POLICY. Wagtail's admin templates carry inline scripts and styles,
    so the admins get their own policy instead of the public one being loosened for everyone.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware:
    """Turns off browser features no page of the portal uses (camera, microphone, location, payment...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PORTAL_PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        return response
