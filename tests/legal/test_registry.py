"""The documents registry: numbers as people type them, dates that agree, validity from dates and relations, and
the admin that editors use."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.legal.models import Issuer, LegalDocument, Relation
from portal.legal.validity import RelationKind, Validity

pytestmark = pytest.mark.django_db

DAY = datetime.date


@pytest.fixture
def council():
    return Issuer.objects.create(name="HĐND tỉnh Thừa Thiên Huế")


def document(issuer, number="06/2020/NQ-HĐND", **fields):
    values = {
        "doc_type": "nghi-quyet",
        "number": number,
        "issuer": issuer,
        "issued_on": DAY(2020, 7, 15),
        "abstract": "Quy định chính sách hỗ trợ",
        **fields,
    }
    found = LegalDocument(**values)
    found.full_clean()
    found.save()
    return found


def test_a_number_from_the_same_issuer_is_refused_however_it_is_typed(council):
    first = document(council)
    assert first.number_key == "06/2020/NQ-HĐND"
    for typed in ("06/2020/nq-hdnd", " 06 / 2020 / NQ - HĐND "):
        with pytest.raises(ValidationError) as refused:
            document(council, typed)
        assert "Cơ quan này đã có văn bản mang số ký hiệu đó." in str(refused.value)
    other = Issuer.objects.create(name="UBND tỉnh Thừa Thiên Huế")
    assert document(other, "06/2020/nq-hdnd").number == "06/2020/nq-hdnd"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"effective_on": DAY(2020, 7, 1)}, "effective_on", "Ngày có hiệu lực không được trước ngày ban hành."),
        ({"expires_on": DAY(2020, 7, 15)}, "expires_on", "Ngày hết hiệu lực phải sau ngày có hiệu lực."),
        ({"validity_override": Validity.EXPIRED}, "override_reason", "Hãy ghi lý do khi tự xác định hiệu lực."),
        ({"number": "/ -"}, "number", "Số ký hiệu cần có ít nhất một chữ số hoặc chữ cái."),
    ],
)
def test_inconsistent_input_gets_a_clear_message(council, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        document(council, **fields)
    assert refused.value.message_dict[field] == [message]
    assert not LegalDocument.objects.exists()


def test_validity_follows_the_dates(council):
    rule = document(council, effective_on=DAY(2020, 8, 1), expires_on=DAY(2025, 1, 1))
    assert rule.validity(DAY(2020, 7, 20)) == Validity.NOT_YET
    assert rule.validity(DAY(2020, 8, 1)) == Validity.IN_FORCE
    assert rule.validity(DAY(2025, 1, 1)) == Validity.EXPIRED


def test_validity_follows_what_other_documents_did_to_it(council):
    old = document(council, "01/2018/NQ-HĐND", issued_on=DAY(2018, 1, 10))
    amending = document(council, "02/2019/NQ-HĐND", issued_on=DAY(2019, 3, 1))
    Relation.objects.create(source=amending, target=old, kind=RelationKind.AMENDS)
    assert old.validity(DAY(2021, 1, 1)) == Validity.IN_FORCE

    partly = document(council, "03/2020/NQ-HĐND", issued_on=DAY(2020, 2, 1))
    Relation.objects.create(source=partly, target=old, kind=RelationKind.REPEALS, partial=True)
    assert old.validity(DAY(2021, 1, 1)) == Validity.PARTLY_EXPIRED
    assert old.validity(DAY(2019, 6, 1)) == Validity.IN_FORCE  # before the repealing one took effect

    replacing = document(council, "04/2022/NQ-HĐND", issued_on=DAY(2022, 5, 1), effective_on=DAY(2022, 6, 1))
    Relation.objects.create(source=replacing, target=old, kind=RelationKind.REPLACES)
    assert old.validity(DAY(2022, 5, 20)) == Validity.PARTLY_EXPIRED
    assert old.validity(DAY(2022, 6, 1)) == Validity.EXPIRED

    replacing.live = False  # a draft replacement ends nothing
    replacing.save()
    assert old.validity(DAY(2023, 1, 1)) == Validity.PARTLY_EXPIRED

    old.validity_override, old.override_reason = Validity.IN_FORCE, "Tòa án tuyên tạm đình chỉ việc bãi bỏ"
    assert old.validity(DAY(2023, 1, 1)) == Validity.IN_FORCE


def test_a_document_cannot_act_on_itself(council):
    rule = document(council)
    with pytest.raises(ValidationError):
        Relation(source=rule, target=rule, kind=RelationKind.AMENDS).full_clean()


def test_editors_find_the_registry_in_the_admin_in_vietnamese(client, council, django_user_model):
    document(council)
    admin = django_user_model.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-dai-va-kho-doan")
    client.force_login(admin)
    listing = client.get(reverse("wagtailsnippets_legal_legaldocument:list"))
    assert listing.status_code == 200
    assert "06/2020/NQ-HĐND" in listing.content.decode()
    form = client.get(reverse("wagtailsnippets_legal_legaldocument:add"))
    assert form.status_code == 200
    page = form.content.decode()
    assert "Số ký hiệu" in page and "Cơ quan ban hành" in page and "Trích yếu" in page
    found = client.get(reverse("wagtailsnippets_legal_legaldocument:list"), {"q": "06/2020"})
    assert "06/2020/NQ-HĐND" in found.content.decode()
