"""The public pages of the registry: the list with its filters, each document's page, the feed and the sitemap."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from portal.legal import validity
from portal.legal.detail import slug_of
from portal.legal.models import Attachment, Field, Issuer, LegalDocument, LegalDocumentIndexPage, Relation
from portal.legal.templatetags.legal_tags import file_size
from portal.legal.validity import RelationKind, Validity
from tests.factories import make_site

pytestmark = pytest.mark.django_db

DAY = datetime.date
OTHER_HOST = "xa-phu-my.example.vn"


@pytest.fixture
def index(site_tree):
    _, home, _ = site_tree
    return home.add_child(instance=LegalDocumentIndexPage(title="Văn bản", intro="Văn bản chỉ đạo, điều hành."))


@pytest.fixture
def council():
    return Issuer.objects.create(name="HĐND tỉnh Thừa Thiên Huế")


def make_document(issuer, number, site=None, fields=(), **values):
    document = LegalDocument(
        doc_type=values.pop("doc_type", "nghi-quyet"),
        number=number,
        issuer=issuer,
        site=site,
        issued_on=values.pop("issued_on", DAY(2020, 7, 15)),
        abstract=values.pop("abstract", f"Văn bản {number}"),
        **values,
    )
    document.save()
    if fields:
        document.fields.set(fields)
        document.save()
    return document


def attach(document, title="Nghị quyết", name="nghi-quyet.pdf", size=1_258_291):
    file = get_document_model().objects.create(title=title, file=ContentFile(b"%PDF-1.4", name=name), file_size=size)
    return Attachment.objects.create(document=document, file=file, sort_order=0)


def listed_numbers(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<td class="legal-number"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.fixture
def registry(site_tree, index, council):
    """Documents of this site, shared ones, another site's and a draft."""
    site, _, _ = site_tree
    other_site, _ = make_site(hostname=OTHER_HOST, title="Cổng thông tin xã Phú Mỹ", default=False)
    education = Field.objects.create(name="Giáo dục")
    people = Issuer.objects.create(name="UBND thị xã", site=site)
    documents = {
        "own": make_document(
            people,
            "12/2019/QĐ-UBND",
            site=site,
            doc_type="quyet-dinh",
            issued_on=DAY(2019, 3, 1),
            abstract="Ban hành quy chế quản lý chợ",
        ),
        "shared": make_document(
            council, "06/2020/NQ-HĐND", fields=[education], abstract="Quy định mức thu học phí năm học 2020-2021"
        ),
        "expired": make_document(
            council, "01/2018/NQ-HĐND", issued_on=DAY(2018, 1, 10), expires_on=DAY(2019, 1, 1), abstract="Hết hạn"
        ),
        "other_site": make_document(people, "99/2021/QĐ-UBND", site=other_site, issued_on=DAY(2021, 1, 1)),
        "draft": make_document(council, "07/2020/NQ-HĐND", live=False, issued_on=DAY(2020, 9, 1)),
    }
    attach(documents["shared"])
    return documents


def test_the_list_shows_the_live_documents_of_the_site_and_the_shared_ones(client, index, registry):
    response = client.get("/van-ban/")
    assert listed_numbers(response) == ["06/2020/NQ-HĐND", "12/2019/QĐ-UBND", "01/2018/NQ-HĐND"]
    page = response.content.decode()
    for heading in ("Số ký hiệu", "Ngày ban hành", "Trích yếu", "Tải về"):
        assert f'<th scope="col">{heading}</th>' in page
    assert "15/07/2020" in page and "01/03/2019" in page
    assert "(PDF, 1,2 MB)" in page
    assert '<span class="validity-badge validity-con-hieu-luc">Còn hiệu lực</span>' in page
    assert '<span class="validity-badge validity-het-hieu-luc-toan-bo">Hết hiệu lực toàn bộ</span>' in page
    assert "noindex" not in page
    assert "public" in response["Cache-Control"]


def test_another_site_lists_its_own_documents_and_the_shared_ones(client, registry):
    _, other_home = make_site(hostname="phuong-an-hoa.example.vn", title="Phường An Hòa", default=False)
    other_home.add_child(instance=LegalDocumentIndexPage(title="Văn bản"))
    response = client.get("/van-ban/", HTTP_HOST=OTHER_HOST)
    assert response.status_code == 404  # that site has no list page
    found = client.get("/van-ban/", HTTP_HOST="phuong-an-hoa.example.vn")
    assert listed_numbers(found) == ["06/2020/NQ-HĐND", "01/2018/NQ-HĐND"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"loai": "quyet-dinh"}, ["12/2019/QĐ-UBND"]),
        ({"nam": "2018"}, ["01/2018/NQ-HĐND"]),
        ({"hieu_luc": Validity.EXPIRED}, ["01/2018/NQ-HĐND"]),
        ({"hieu_luc": Validity.IN_FORCE}, ["06/2020/NQ-HĐND", "12/2019/QĐ-UBND"]),
        ({"q": "06/2020/nq-hdnd"}, ["06/2020/NQ-HĐND"]),
        ({"q": " 06 / 2020 "}, ["06/2020/NQ-HĐND"]),
        ({"q": "học phí"}, ["06/2020/NQ-HĐND"]),
        ({"q": "99/2021"}, []),  # another site's
        ({"q": "07/2020"}, []),  # a draft
        ({"sap_xep": "cu-nhat"}, ["01/2018/NQ-HĐND", "12/2019/QĐ-UBND", "06/2020/NQ-HĐND"]),
        ({"sap_xep": "so-ky-hieu"}, ["01/2018/NQ-HĐND", "06/2020/NQ-HĐND", "12/2019/QĐ-UBND"]),
        ({"loai": "nghi-quyet", "nam": "2020"}, ["06/2020/NQ-HĐND"]),
    ],
)
def test_each_filter_narrows_the_list(client, registry, query, expected):
    response = client.get("/van-ban/", query)
    assert listed_numbers(response) == expected
    page = response.content.decode()
    if set(query) - {"sap_xep"}:
        assert '<meta name="robots" content="noindex, follow">' in page
    if not expected:
        assert "Không có văn bản nào phù hợp." in page
    assert f'<option value="{query.get("sap_xep", "moi-nhat")}" selected>' in page


def test_issuer_and_field_filters_take_ids_of_the_lists_the_site_shows(client, registry):
    shared = registry["shared"]
    assert listed_numbers(client.get("/van-ban/", {"co_quan": shared.issuer_id})) == [
        "06/2020/NQ-HĐND",
        "01/2018/NQ-HĐND",
    ]
    field = shared.fields.get()
    response = client.get("/van-ban/", {"linh_vuc": field.pk})
    assert listed_numbers(response) == ["06/2020/NQ-HĐND"]
    assert f'<option value="{field.pk}" selected>Giáo dục</option>' in response.content.decode()
    other_issuer = Issuer.objects.create(name="UBND xã khác", site=registry["other_site"].site)
    assert len(listed_numbers(client.get("/van-ban/", {"co_quan": other_issuer.pk}))) == 3  # not offered: ignored


def test_the_list_has_pages_of_twenty(client, index, council):
    for number in range(25):
        make_document(council, f"{number + 1}/2022/QĐ-UBND", issued_on=DAY(2022, 1, 1) + datetime.timedelta(number))
    first = listed_numbers(client.get("/van-ban/"))
    assert len(first) == 20 and first[0] == "25/2022/QĐ-UBND"
    assert len(listed_numbers(client.get("/van-ban/", {"page": "2"}))) == 5
    assert listed_numbers(client.get("/van-ban/", {"page": "abc"})) == first
    filtered = client.get("/van-ban/", {"q": "2022", "page": "1"}).content.decode()
    assert "?q=2022&amp;page=2" in filtered  # the next page keeps the filter


HOSTILE = [
    "",
    " ",
    "9" * 5000,
    "-1",
    "0",
    "1e400",
    "99999999999999999999999999",
    "\x00",
    "a\x00b",
    "%",
    "_",
    "'; DROP TABLE legal_legaldocument; --",
    "<script>alert(1)</script>",
    "😀🇻🇳",
    "ủy" * 3000,
    "khong-co-ma-nay",
    "2020.5",
    "nan",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_query_string_makes_an_error(client, registry, value):
    for name in ("loai", "co_quan", "linh_vuc", "nam", "hieu_luc", "q", "sap_xep", "page"):
        response = client.get("/van-ban/", {name: value})
        assert response.status_code == 200, (name, value)
        assert "<script>alert(1)</script>" not in response.content.decode()
    arrays = client.get("/van-ban/", {"loai": ["quyet-dinh", value], "nam[]": value, "page": [value, "2"]})
    assert arrays.status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/van-ban/99999999999999999999999/x/", "/van-ban/-1/x/", "/van-ban/0/x/", "/van-ban/abc/", "/van-ban/1/a/b/"],
)
def test_made_up_document_addresses_are_not_found(client, registry, url):
    assert client.get(url).status_code == 404


def document_url(document):
    return f"/van-ban/{document.pk}/{slug_of(document)}/"


def test_a_document_page_shows_its_record(client, registry):
    shared = registry["shared"]
    shared.signer, shared.effective_on = "Lê Trường Lưu", DAY(2020, 8, 1)
    shared.save()
    url = document_url(shared)
    assert url.endswith("/06-2020-nq-hdnd/")
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    page = response.content.decode()
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', page))
    assert rows["Số ký hiệu"] == "06/2020/NQ-HĐND"
    assert rows["Loại văn bản"] == "Nghị quyết"
    assert rows["Cơ quan ban hành"] == "HĐND tỉnh Thừa Thiên Huế"
    assert rows["Người ký"] == "Lê Trường Lưu"
    assert "15/07/2020" in rows["Ngày ban hành"] and "01/08/2020" in rows["Ngày có hiệu lực"]
    assert rows["Ngày hết hiệu lực"] == ""
    assert rows["Lĩnh vực"] == "Giáo dục"
    assert rows["Trích yếu"] == "Quy định mức thu học phí năm học 2020-2021"
    assert rows["Tình trạng hiệu lực"] == "Còn hiệu lực"
    assert "(PDF, 1,2 MB)" in page
    assert "data-print" in page
    assert f'<link rel="canonical" href="http://localhost{url}">' in page


def test_an_overridden_validity_shows_its_reason(client, registry):
    expired = registry["expired"]
    expired.validity_override, expired.override_reason = Validity.IN_FORCE, "Tòa án tạm đình chỉ việc bãi bỏ"
    expired.save()
    page = client.get(document_url(expired)).content.decode()
    assert 'Còn hiệu lực<br><span class="legal-override">Lý do: Tòa án tạm đình chỉ việc bãi bỏ</span>' in page


def test_a_wrong_or_missing_slug_moves_permanently_to_the_right_one(client, registry):
    shared = registry["shared"]
    right = document_url(shared)
    for wrong in (f"/van-ban/{shared.pk}/", f"/van-ban/{shared.pk}/nghi-quyet-cu/", f"/van-ban/{shared.pk}/06-2020/"):
        response = client.get(wrong)
        assert response.status_code == 301, wrong
        assert response["Location"] == right


def test_drafts_other_sites_and_missing_documents_are_not_found(client, registry):
    for key in ("draft", "other_site"):
        assert client.get(document_url(registry[key])).status_code == 404, key
        assert client.get(f"/van-ban/{registry[key].pk}/").status_code == 404, key
    assert client.get("/van-ban/987654/abc/").status_code == 404
    assert client.get(document_url(registry["other_site"]), HTTP_HOST=OTHER_HOST).status_code == 404  # no list


def test_relations_show_from_both_sides(client, registry, council):
    shared, expired = registry["shared"], registry["expired"]
    Relation.objects.create(source=shared, target=expired, kind=RelationKind.REPLACES, partial=True)
    Relation.objects.create(source=registry["draft"], target=shared, kind=RelationKind.AMENDS)  # a draft: hidden
    amending = make_document(council, "15/2021/NQ-HĐND", issued_on=DAY(2021, 5, 1))
    Relation.objects.create(source=amending, target=shared, kind=RelationKind.AMENDS, note="Điều 2")
    page = client.get(document_url(shared)).content.decode()
    assert f'Thay thế (một phần): <a href="{document_url(expired)}">Nghị quyết 01/2018/NQ-HĐND</a>' in page
    assert f'Được sửa đổi bởi: <a href="{document_url(amending)}">Nghị quyết 15/2021/NQ-HĐND</a> - Điều 2' in page
    assert "07/2020/NQ-HĐND" not in page
    other_side = client.get(document_url(expired)).content.decode()
    assert f'Bị thay thế bởi (một phần): <a href="{document_url(shared)}">' in other_side


def test_the_full_text_has_a_table_of_contents_and_anchors(client, registry):
    shared = registry["shared"]
    shared.full_text = [
        {"type": "section", "value": {"level": "chuong", "number": "I", "heading": "Quy định chung", "text": ""}},
        {"type": "section", "value": {"level": "dieu", "number": "1", "heading": "Phạm vi", "text": "Áp dụng"}},
        {"type": "section", "value": {"level": "khoan", "number": "1", "heading": "", "text": "Trường công lập."}},
        {"type": "section", "value": {"level": "dieu", "number": "2", "heading": "Mức thu", "text": ""}},
        {"type": "section", "value": {"level": "khoan", "number": "1", "heading": "", "text": "Mầm non <b>50.000</b>"}},
    ]
    shared.save()
    page = client.get(document_url(shared)).content.decode()
    for anchor in ("chuong-i", "dieu-1", "khoan-1", "dieu-2", "khoan-1-2"):
        assert page.count(f'id="{anchor}"') == 1, anchor
    contents = re.search(r'<nav class="legal-contents".*?</nav>', page, re.S).group(0)
    assert '<a href="#chuong-i">Chương I. Quy định chung</a>' in contents
    assert '<a href="#dieu-2">Điều 2. Mức thu</a>' in contents
    assert "#khoan-1" not in contents
    assert "Mầm non &lt;b&gt;50.000&lt;/b&gt;" in page


def test_the_page_describes_the_document_as_schema_org_legislation(client, registry):
    shared = registry["shared"]
    shared.abstract = 'Quy định "học phí" </script><script>alert(1)</script>'
    shared.save()
    page = client.get(document_url(shared)).content.decode()
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(found) == 1
    data = json.loads(found[0])
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "06/2020/NQ-HĐND"
    assert data["legislationDate"] == "2020-07-15"
    assert data["legislationType"] == "Nghị quyết"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationPassedBy"]["name"] == "HĐND tỉnh Thừa Thiên Huế"
    assert data["abstract"] == shared.abstract
    assert data["url"] == f"http://localhost{document_url(shared)}"


def test_the_feed_lists_the_sites_documents_newest_first(client, registry):
    response = client.get("/van-ban/rss/", HTTP_HOST="localhost:6666")
    assert response.status_code == 200
    assert b"6666" not in response.content
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Nghị quyết 06/2020/NQ-HĐND",
        "Quyết định 12/2019/QĐ-UBND",
        "Nghị quyết 01/2018/NQ-HĐND",
    ]
    assert items[0].findtext("link") == f"http://localhost{document_url(registry['shared'])}"
    assert items[0].findtext("description") == "Quy định mức thu học phí năm học 2020-2021"


def test_the_sitemap_lists_the_list_and_every_document_page(client, registry):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<loc>http://localhost/van-ban/</loc>" in content
    for key in ("own", "shared", "expired"):
        assert f"<loc>http://localhost{document_url(registry[key])}</loc>" in content
    for key in ("draft", "other_site"):
        assert f"/van-ban/{registry[key].pk}/" not in content


def test_public_pages_never_write(client, registry):
    urls = ["/van-ban/", "/van-ban/?q=06&hieu_luc=con-hieu-luc", document_url(registry["shared"]), "/van-ban/rss/"]
    urls.append("/sitemap.xml")
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        assert writes == [], url


def test_file_sizes_read_as_vietnamese():
    assert [file_size(size) for size in (None, 850, 12_800, 1_258_291, 1024**3 * 1500)] == [
        "",
        "850 B",
        "12,5 KB",
        "1,2 MB",
        "1.500 GB",
    ]


def test_the_validity_filter_agrees_with_each_documents_validity(council):
    make = make_document
    documents = [
        make(council, "1/2020/NQ", issued_on=DAY(2020, 1, 1)),
        make(council, "2/2020/NQ", issued_on=DAY(2020, 1, 1), effective_on=DAY(2020, 6, 1)),
        make(council, "3/2020/NQ", issued_on=DAY(2020, 1, 1), expires_on=DAY(2021, 1, 1)),
        make(council, "4/2020/NQ", issued_on=DAY(2020, 1, 1), effective_on=DAY(2020, 3, 1), expires_on=DAY(2022, 1, 1)),
        make(council, "5/2020/NQ", issued_on=DAY(2020, 1, 1), validity_override=Validity.EXPIRED, override_reason="x"),
        make(council, "6/2020/NQ", issued_on=DAY(2020, 1, 1), validity_override=Validity.NOT_YET, override_reason="x"),
    ]
    acting = [
        make(council, "7/2020/NQ", issued_on=DAY(2020, 4, 1)),
        make(council, "8/2020/NQ", issued_on=DAY(2020, 5, 1), effective_on=DAY(2021, 6, 1)),
        make(council, "9/2020/NQ", issued_on=DAY(2020, 7, 1), live=False),
    ]
    Relation.objects.create(source=acting[0], target=documents[0], kind=RelationKind.REPEALS, partial=True)
    Relation.objects.create(source=acting[1], target=documents[0], kind=RelationKind.REPLACES)
    Relation.objects.create(source=acting[2], target=documents[1], kind=RelationKind.REPLACES)  # a draft
    Relation.objects.create(source=acting[0], target=documents[1], kind=RelationKind.AMENDS)
    Relation.objects.create(source=acting[1], target=documents[2], kind=RelationKind.REPEALS, partial=True)
    Relation.objects.create(source=acting[0], target=documents[3], kind=RelationKind.REPEALS, partial=True)
    Relation.objects.create(source=acting[0], target=documents[4], kind=RelationKind.REPEALS)
    everything = LegalDocument.objects.all()
    seen = set()
    for today in (
        DAY(2019, 12, 31),
        DAY(2020, 2, 1),
        DAY(2020, 4, 1),
        DAY(2020, 7, 1),
        DAY(2021, 1, 1),
        DAY(2021, 7, 1),
    ):
        expected = {document.pk: validity.of_document(document, today) for document in everything}
        seen |= set(expected.values())
        for wanted in Validity:
            found = set(validity.filter_by(everything, wanted, today).values_list("pk", flat=True))
            assert found == {pk for pk, value in expected.items() if value == wanted}, (today, wanted)
        annotated = dict(validity.annotate(everything, today).values_list("pk", "validity_code"))
        assert annotated == expected, today
    assert seen == set(Validity)
