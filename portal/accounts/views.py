"""Two-factor authentication's pages (the code, enrolling an app, issuing an enrolment code) and the lock-out page."""

import math
from base64 import b32encode

import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from wagtail.users.utils import change_user_perm

from . import enrolment
from .forms import EnrolmentCodeForm, TokenForm
from .middleware import can_enter_admin

DEVICE_NAME = "Ứng dụng xác thực"
ENROLMENT_KEY = "portal_totp_enrolment_key"
ENROLMENT_CLAIM_KEY = "portal_totp_enrolment_code"
WRONG_CODE = "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiển thị; sau nhiều lần sai, đợi vài giây."
WRONG_ENROLMENT_CODE = (
    "Mã đăng ký không đúng, đã được dùng, đã hết hạn hoặc đã bị vô hiệu vì nhập sai nhiều lần. "
    "Hãy liên hệ quản trị cổng thông tin để được cấp mã mới."
)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home") if can_enter_admin(request.user) else "/"


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    # segno draws the URL as paths, so the only text in the SVG is our title; white behind the code keeps it
    # scannable when the admin uses its dark theme.
    svg = qr.svg_inline(scale=5, light="#fff", title="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    return mark_safe(svg)  # noqa: S308


def _authenticated_or_login(request):
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@never_cache
def two_factor(request):
    """Give the current code of the account's authenticator app; then this session is signed in."""
    if response := _authenticated_or_login(request):
        return response
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    device = _confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('accounts:enrol')}?{urlencode({'next': next_url})}")

    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


@never_cache
def enrol(request):
    """Bind an authenticator app: first the enrolment code a Quản trị issued, then the QR code and a first code.

    The secret being enrolled lives in this session only, never in the database until a code confirms it: another
    session cannot read it and wait for the owner to confirm it. Confirming replaces the account's old device.
    """
    if response := _authenticated_or_login(request):
        return response
    user = request.user
    next_url = _next_url(request)
    claimed = request.session.get(ENROLMENT_CLAIM_KEY)
    if claimed is None or not enrolment.claim_holds(user, claimed):
        form = EnrolmentCodeForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            code = enrolment.claim(user, form.cleaned_data["enrolment_code"])
            if code is not None:
                request.session[ENROLMENT_CLAIM_KEY] = code.pk
                request.session.pop(ENROLMENT_KEY, None)
                return redirect(f"{request.path}?{urlencode({'next': next_url})}")
            form.add_error("enrolment_code", WRONG_ENROLMENT_CODE)
        context = {"code_form": form, "next": next_url, "has_device": _confirmed_device(user) is not None}
        return render(request, "accounts/enrol.html", context)

    key = request.session.setdefault(ENROLMENT_KEY, random_hex())
    device = TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device.save()  # verify_token records the time step and throttling on the row
            verified = device.verify_token(form.cleaned_data["token"])
            if verified:
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            else:
                device.delete()
        if verified:
            for name in (ENROLMENT_KEY, ENROLMENT_CLAIM_KEY):
                request.session.pop(name, None)
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", WRONG_CODE)
    context = {"form": form, "next": next_url, "qr_svg": _qr_svg(device), "secret": _grouped_secret(device)}
    return render(request, "accounts/enrol.html", context)


def can_issue_enrolment_code(request_user, user) -> bool:
    """Quản trị issue codes: superusers, or whoever may change users, but only superusers for a superuser."""
    if not request_user.has_perm(change_user_perm):
        return False
    return request_user.is_superuser or not user.is_superuser


@never_cache
def issue_enrolment_code(request, user_id):
    """The admin page where a Quản trị issues an enrolment code for one account; the code is shown once."""
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not can_issue_enrolment_code(request.user, user):
        raise PermissionDenied
    context = {"account": user, "has_device": _confirmed_device(user) is not None}
    if request.method == "POST":
        text, code = enrolment.issue(user, issued_by=request.user)
        context.update(code=text, expires_at=code.expires_at)
    return TemplateResponse(request, "accounts/issue_enrolment_code.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): in Vietnamese, saying how long to wait."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
