"""Whether a document is in force on a day: from its dates and what other documents did to it, unless an editor
decided otherwise (with a reason).

Amending (sửa đổi), supplementing (bổ sung), guiding (hướng dẫn) and consolidating (hợp nhất) leave a document in
force; replacing (thay thế) or repealing (bãi bỏ) it, once the acting document is itself in effect, ends it as a
whole, or in part when the relation says so.
"""

import datetime

from django.db import models
from django.utils import timezone


class Validity(models.TextChoices):
    IN_FORCE = "con-hieu-luc", "Còn hiệu lực"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan", "Hết hiệu lực một phần"
    EXPIRED = "het-hieu-luc-toan-bo", "Hết hiệu lực toàn bộ"
    NOT_YET = "chua-co-hieu-luc", "Chưa có hiệu lực"


class RelationKind(models.TextChoices):
    AMENDS = "sua-doi", "Sửa đổi"
    SUPPLEMENTS = "bo-sung", "Bổ sung"
    REPLACES = "thay-the", "Thay thế"
    REPEALS = "bai-bo", "Bãi bỏ"
    GUIDES = "huong-dan", "Hướng dẫn"
    CONSOLIDATES = "hop-nhat", "Hợp nhất"


# How the acted-on document shows a relation: "Được sửa đổi bởi" the acting one.
INVERSE_LABELS = {
    RelationKind.AMENDS: "Được sửa đổi bởi",
    RelationKind.SUPPLEMENTS: "Được bổ sung bởi",
    RelationKind.REPLACES: "Bị thay thế bởi",
    RelationKind.REPEALS: "Bị bãi bỏ bởi",
    RelationKind.GUIDES: "Được hướng dẫn bởi",
    RelationKind.CONSOLIDATES: "Được hợp nhất bởi",
}
ENDING = {RelationKind.REPLACES, RelationKind.REPEALS}


def starts_on(document) -> datetime.date | None:
    return document.effective_on or document.issued_on


def of_document(document, today=None) -> Validity:
    if document.validity_override:
        return Validity(document.validity_override)
    today = today or timezone.localdate()
    start = starts_on(document)
    if start and today < start:
        return Validity.NOT_YET
    if document.expires_on and today >= document.expires_on:
        return Validity.EXPIRED
    if document.pk is None:
        return Validity.IN_FORCE
    partly = False
    for relation in document.acted_on_by.filter(kind__in=ENDING, source__live=True).select_related("source"):
        acting_start = starts_on(relation.source)
        if acting_start and acting_start > today:
            continue
        if not relation.partial:
            return Validity.EXPIRED
        partly = True
    return Validity.PARTLY_EXPIRED if partly else Validity.IN_FORCE
