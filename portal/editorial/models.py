from django.db import models


class AuditLog(models.Model):
    """No table: it carries the permission to read the audit log (Ban biên tập and Quản trị have it)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_audit_log", "Xem nhật ký kiểm toán")]
        verbose_name = "Nhật ký kiểm toán"

    def __str__(self):
        return str(self._meta.verbose_name)
