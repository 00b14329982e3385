from django.conf import settings
from django.db import models
from django.utils import timezone


class EnrolmentCode(models.Model):
    """A one-time code a Quản trị (or IT, from the shell) issues so that one account can bind an authenticator app.

    The password alone never binds one: whoever knows it still needs this code. Only its keyed hash is stored.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_enrolment_codes",
        verbose_name="Tài khoản",
    )
    code_hash = models.CharField("Mã (đã băm)", max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người cấp",
    )
    issued_at = models.DateTimeField("Thời điểm cấp", default=timezone.now)
    expires_at = models.DateTimeField("Hết hạn")
    used_at = models.DateTimeField("Thời điểm dùng", null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField("Số lần nhập sai", default=0)

    class Meta:
        verbose_name = "Mã đăng ký xác thực hai lớp"
        verbose_name_plural = "Mã đăng ký xác thực hai lớp"
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.user} ({self.issued_at:%d/%m/%Y %H:%M})"
