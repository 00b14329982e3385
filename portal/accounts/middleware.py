"""Two-factor authentication for everyone who can enter the admin (PORTAL_REQUIRE_2FA)."""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from portal.core.security_headers import is_admin_path


def can_enter_admin(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


@lru_cache(maxsize=1)
def paths_before_second_factor() -> frozenset[str]:
    """Admin URLs a person reaches with a password alone: signing in and out, the code page and what it loads."""
    names = ["wagtailadmin_login", "wagtailadmin_logout", "admin:login", "admin:logout", "accounts:two_factor"]
    names += ["wagtailadmin_javascript_catalog", "wagtailadmin_sprite"]
    return frozenset(reverse(name) for name in names)


class StaffTwoFactorMiddleware:
    """Sends a signed-in editor who has not yet given an authenticator code in this session to the code page.

    Public pages are untouched: readers, and editors reading the site, never meet it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_2FA
            and is_admin_path(request.path_info)
            and request.path_info not in paths_before_second_factor()
            and can_enter_admin(request.user)
            and not request.user.is_verified()
        ):
            return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
        return self.get_response(request)
