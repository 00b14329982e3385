import os
import subprocess
import sys

import pytest


def import_settings(module, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"], env={**clean_env, **env}, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_its_environment():
    result = import_settings("portal.settings.production", {})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        assert name in result.stderr


def test_production_starts_with_its_environment():
    env = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1/db", "ALLOWED_HOSTS": "portal.example.vn"}
    assert import_settings("portal.settings.production", env).returncode == 0


def test_production_refuses_a_client_address_header_without_trusted_proxies():
    env = {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1/db", "ALLOWED_HOSTS": "portal.example.vn"}
    env["PORTAL_CLIENT_ADDRESS_HEADER"] = "HTTP_X_REAL_IP"
    result = import_settings("portal.settings.production", {**env, "PORTAL_TRUSTED_PROXIES": ""})
    assert result.returncode != 0 and "PORTAL_TRUSTED_PROXIES" in result.stderr
    assert import_settings("portal.settings.production", {**env, "PORTAL_TRUSTED_PROXIES": "127.0.0.1"}).returncode == 0


@pytest.mark.parametrize("setting", ["LANGUAGE_CODE", "TIME_ZONE"])
def test_vietnamese_locale(settings, setting):
    assert {"LANGUAGE_CODE": "vi", "TIME_ZONE": "Asia/Ho_Chi_Minh"}[setting] == getattr(settings, setting)


def test_vietnamese_formats():
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.number_format(8627271, force_grouping=True) == "8.627.271"
        import datetime

        assert formats.date_format(datetime.date(2022, 12, 26), "SHORT_DATE_FORMAT") == "26/12/2022"
