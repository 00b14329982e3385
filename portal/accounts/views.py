"""The code page of two-factor authentication, and the page shown when a login is locked out."""

import math
from base64 import b32encode

import segno
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .forms import TokenForm
from .middleware import can_enter_admin

DEVICE_NAME = "Ứng dụng xác thực"
ENROLMENT_KEY = "portal_totp_enrolment_key"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    # segno draws the URL as paths, so the only text in the SVG is our title; white behind the code keeps it
    # scannable when the admin uses its dark theme.
    svg = qr.svg_inline(scale=5, light="#fff", title="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    return mark_safe(svg)  # noqa: S308


@never_cache
def two_factor(request):
    """Enrol an authenticator app (first time) or give its current code; then this session may use the admin."""
    user = request.user
    if not can_enter_admin(user):
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    enrolling = device is None
    if enrolling:
        # The secret being enrolled lives in this session only, never in the database until a code confirms it:
        # another session that knows the password cannot read it and wait for the owner to confirm it.
        key = request.session.setdefault(ENROLMENT_KEY, random_hex())
        device = TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)

    form = TokenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if enrolling:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device.save()  # verify_token records the time step and throttling on the row
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                request.session.pop(ENROLMENT_KEY, None)
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url)
        if enrolling:
            device.delete()
        form.add_error(
            "token", "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiển thị; sau nhiều lần sai, đợi vài giây."
        )

    context = {"form": form, "enrolling": enrolling, "next": next_url}
    if enrolling:
        context.update(qr_svg=_qr_svg(device), secret=_grouped_secret(device))
    return render(request, "accounts/two_factor.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE): in Vietnamese, saying how long to wait."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
