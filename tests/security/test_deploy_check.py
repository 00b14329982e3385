"""The production settings pass Django's deployment checklist without a single warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def run_deploy_check(tmp_path, **extra_env):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "ALLOWED_HOSTS": "example.gov.vn",
        **extra_env,
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_production_passes_check_deploy_without_warnings(tmp_path):
    result = run_deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_fail_on_a_weak_setting(tmp_path):
    """The check above can fail: turning the HTTPS redirect off is reported."""
    result = run_deploy_check(tmp_path, SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_hsts_preload_is_opt_in(tmp_path):
    result = run_deploy_check(tmp_path, SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "silenced" in result.stdout and "(0 silenced)" in result.stdout
