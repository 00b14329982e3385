"""Configuration mistakes that would make the statistics and the login lock-out see the wrong address."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .addresses import trusted_networks


@checks.register(checks.Tags.security)
def client_address_settings(app_configs, **kwargs):
    problems = []
    try:
        networks = trusted_networks()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="visits.E001")]
    if settings.PORTAL_CLIENT_ADDRESS_HEADER and not networks:
        problems.append(
            checks.Warning(
                "PORTAL_CLIENT_ADDRESS_HEADER được đặt nhưng PORTAL_TRUSTED_PROXIES trống: tiêu đề này không bao giờ"
                " được tin, mọi người đọc sau proxy sẽ có cùng một địa chỉ.",
                hint="Đặt PORTAL_TRUSTED_PROXIES=127.0.0.1,::1 khi nginx chạy trên cùng máy (deploy/env.example).",
                id="visits.W001",
            )
        )
    if settings.PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS < 1:
        problems.append(checks.Error("PORTAL_VISITS_MAX_VISITORS_PER_ADDRESS phải từ 1 trở lên.", id="visits.E002"))
    return problems
