"""Whether a document is in force on a day: from its dates and what other documents did to it, unless an editor
decided otherwise (with a reason).

Amending (sửa đổi), supplementing (bổ sung), guiding (hướng dẫn) and consolidating (hợp nhất) leave a document in
force; replacing (thay thế) or repealing (bãi bỏ) it, once the acting document is itself in effect, ends it as a
whole, or in part when the relation says so.
"""

import datetime

from django.db import models
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
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


def _ended_by_relation(model, today, partial: bool) -> Q:
    """A live document that replaces or repeals the row (wholly or in part), in effect on ``today``."""
    relation_model = model._meta.get_field("acted_on_by").related_model
    acting_started = Q(source__effective_on__lte=today) | Q(
        source__effective_on__isnull=True, source__issued_on__lte=today
    )
    relations = relation_model.objects.filter(
        acting_started, target=OuterRef("pk"), kind__in=ENDING, source__live=True, partial=partial
    )
    return Q(Exists(relations))


def conditions(model, today) -> dict[Validity, Q]:
    """For each validity, the rows whose dates and relations give it (``of_document`` as SQL), override aside."""
    not_yet = Q(effective_on__gt=today) | Q(effective_on__isnull=True, issued_on__gt=today)
    expired = Q(expires_on__lte=today) | _ended_by_relation(model, today, partial=False)
    partly = _ended_by_relation(model, today, partial=True)
    return {
        Validity.NOT_YET: not_yet,
        Validity.EXPIRED: ~not_yet & expired,
        Validity.PARTLY_EXPIRED: ~not_yet & ~expired & partly,
        Validity.IN_FORCE: ~not_yet & ~expired & ~partly,
    }


def filter_by(queryset, wanted: Validity, today=None):
    """The documents of ``queryset`` whose ``of_document(document, today)`` is ``wanted``."""
    computed = conditions(queryset.model, today or timezone.localdate())[Validity(wanted)]
    return queryset.filter(Q(validity_override=wanted) | (Q(validity_override="") & computed))


def annotate(queryset, today=None, name="validity_code"):
    """``queryset`` with each row's ``of_document(document, today)`` value as ``name``, so a list of documents
    reads their validity in its own query."""
    computed = conditions(queryset.model, today or timezone.localdate())
    whens = [When(~Q(validity_override=""), then=F("validity_override"))]
    whens += [When(condition, then=Value(value)) for value, condition in computed.items()]
    return queryset.annotate(**{name: Case(*whens, default=Value(Validity.IN_FORCE), output_field=CharField())})
