"""The outbox that keeps the search index in step with the database, across worker processes."""

from django.db import models


class SearchChange(models.Model):
    """A content change the index has yet to apply. The id is the sequence number the index records as applied."""

    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Thay đổi chờ cập nhật chỉ mục"
        verbose_name_plural = "Thay đổi chờ cập nhật chỉ mục"

    def __str__(self):
        return f"#{self.pk} {self.key}"
