"""Passwords are stored with Argon2 outside the tests, and weak ones are refused."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from portal.settings import base


def test_base_settings_hash_with_argon2_first():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_settings_keep_argon2_first():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}},
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@127.0.0.1/db",
        "ALLOWED_HOSTS": "portal.example.gov.vn",
    }
    code = "import portal.settings.production as p; print(p.PASSWORD_HASHERS[0])"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_new_password_is_stored_as_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("canbo", password="mot-mat-khau-du-dai-2024")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("mot-mat-khau-du-dai-2024")
    assert not user.check_password("mot-mat-khau-khac-2024")


@pytest.mark.django_db
def test_older_pbkdf2_hash_is_upgraded_at_login(settings, django_user_model):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = django_user_model.objects.create_user("cu", password="mat-khau-tu-he-thong-cu")
    assert user.password.startswith("pbkdf2_sha256$")
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert user.check_password("mat-khau-tu-he-thong-cu")
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize("password", ["ngan123", "123456789012", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_uncommon_password_is_accepted():
    validate_password("Hue-mua-thu-2024-song-Huong")
