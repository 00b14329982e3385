"""Two-factor authentication for every account (PORTAL_REQUIRE_2FA).

An account that has given its password but not yet its authenticator code in this session is nobody yet: views,
templates, Wagtail's page and collection restrictions and document serving all see an anonymous visitor. Only the
code page (and what it loads) and signing out see the account.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from portal.core.security_headers import is_admin_path


def can_enter_admin(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def awaits_second_factor(user) -> bool:
    """Signed in with a password but no authenticator code yet. Without django-otp's middleware nothing is verified."""
    is_verified = getattr(user, "is_verified", None)
    return user.is_authenticated and not (is_verified is not None and is_verified())


@lru_cache(maxsize=1)
def paths_before_second_factor() -> frozenset[str]:
    """Where an account that has given only its password is still itself: the code pages, what they load, sign-out."""
    names = ["accounts:two_factor", "accounts:enrol", "wagtailadmin_logout", "admin:logout"]
    names += ["wagtailadmin_javascript_catalog", "wagtailadmin_sprite"]
    return frozenset(reverse(name) for name in names)


@lru_cache(maxsize=1)
def login_paths() -> frozenset[str]:
    """The sign-in forms: a session past the password is sent on to the code page rather than shown them again."""
    paths = {reverse("wagtailadmin_login"), reverse("admin:login"), reverse("wagtailcore_login")}
    for name in ("WAGTAIL_FRONTEND_LOGIN_URL", "LOGIN_URL"):
        url = getattr(settings, name, "")
        if isinstance(url, str) and url.startswith("/"):
            paths.add(url)
    return frozenset(paths)


def _visible_user(user):
    return AnonymousUser() if awaits_second_factor(user) else user


def anonymise_until_verified(request):
    """request.user and request.auser() as the rest of the request sees them; both stay lazy."""
    user = request.user
    request.user = SimpleLazyObject(lambda: _visible_user(user))
    auser = getattr(request, "auser", None)
    if auser is not None:

        async def visible_auser():
            return _visible_user(await auser())

        request.auser = visible_auser


class SecondFactorMiddleware:
    """With PORTAL_REQUIRE_2FA, a session that has not given its authenticator code is anonymous everywhere but the
    code page. Admin pages and sign-in forms send it to the code page, which leads back to where it was going: a
    reader stopped at a login-restricted page goes through the login form, then the code, then the page.

    Must come after django-otp's OTPMiddleware, which says whether the session gave a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PORTAL_REQUIRE_2FA or request.path_info in paths_before_second_factor():
            return self.get_response(request)
        to_code_page = is_admin_path(request.path_info) or (
            request.method in ("GET", "HEAD") and request.path_info in login_paths()
        )
        if to_code_page and awaits_second_factor(request.user):
            target = request.GET.get("next", "") if request.path_info in login_paths() else request.get_full_path()
            if not target:
                return redirect(reverse("accounts:two_factor"))
            return redirect_to_login(target, reverse("accounts:two_factor"))
        anonymise_until_verified(request)
        return self.get_response(request)
