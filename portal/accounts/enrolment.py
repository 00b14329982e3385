"""Enrolment codes: what, besides the password, lets an account bind (or replace) its authenticator app.

A code is issued for one account, expires after PORTAL_2FA_ENROLMENT_HOURS, is spent by its first right entry, and
is void after PORTAL_2FA_ENROLMENT_ATTEMPTS wrong ones. Twelve characters from a 31-letter alphabet leave nothing to
guess in a handful of tries; only a hash keyed with SECRET_KEY is stored, so the table alone gives no code away.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from wagtail.log_actions import log

from .models import EnrolmentCode

# No 0/O, 1/I/L: the code is read off a screen or a note and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# The log action recorded on the account, with who issued the code (none: from the shell).
ISSUED = "portal.2fa_enrolment_code"
LENGTH = 12
GROUP = 4


def normalise(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_hash(text: str) -> str:
    return salted_hmac("portal.accounts.enrolment", normalise(text), algorithm="sha256").hexdigest()


def issue(user, issued_by=None) -> tuple[str, EnrolmentCode]:
    """A new code for `user`, replacing any unspent one. The text is returned once and never stored."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    text = "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))
    now = timezone.now()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
        code = EnrolmentCode.objects.create(
            user=user,
            code_hash=code_hash(text),
            issued_by=issued_by,
            issued_at=now,
            expires_at=now + timedelta(hours=settings.PORTAL_2FA_ENROLMENT_HOURS),
        )
        log(user, ISSUED, user=issued_by, data={"expires_at": code.expires_at.isoformat()})
    return text, code


def usable(user):
    return EnrolmentCode.objects.filter(
        user=user,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        failed_attempts__lt=settings.PORTAL_2FA_ENROLMENT_ATTEMPTS,
    )


def claim(user, text: str) -> EnrolmentCode | None:
    """Spend `user`'s code if `text` is it; a wrong entry counts against the code, which is void after the limit."""
    with transaction.atomic():
        code = usable(user).select_for_update().order_by("-issued_at").first()
        if code is None:
            return None
        if constant_time_compare(code.code_hash, code_hash(text)):
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
            return code
        EnrolmentCode.objects.filter(pk=code.pk).update(failed_attempts=F("failed_attempts") + 1)
    return None


def claim_holds(user, code_id) -> bool:
    """A session that spent code ``code_id`` may bind an app until the code expires, and only while no newer code
    was issued for the account (a Quản trị re-issuing a code revokes every claim on the old one)."""
    newest = EnrolmentCode.objects.filter(user=user).order_by("-issued_at", "-pk").first()
    return (
        newest is not None
        and newest.pk == code_id
        and newest.used_at is not None
        and newest.expires_at > timezone.now()
    )
