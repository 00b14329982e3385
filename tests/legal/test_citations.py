"""The citation extractor on the issue's examples and the hand-labelled news sentences, and its command."""

import json
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal.legal.citations import extract_citations, score

LABELLED = Path(__file__).with_name("citations_labelled.jsonl")


def fields(text):
    return [citation.as_json() for citation in extract_citations(text)]


def only(text):
    found = fields(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Theo Nghị định 163/2003/NĐ-CP, xe phải dừng.",
            {"type": "Nghị định", "number": "163/2003/NĐ-CP", "name": None, "year": 2003, "articles": []},
        ),
        (
            "Căn cứ quyết định số 137/2001/QĐ-UB ngày 11-9-2001 của UBND thành phố.",
            {"type": "Quyết định", "number": "137/2001/QĐ-UB", "name": None, "year": 2001, "articles": []},
        ),
        (
            "Thông tư số 56/TT-BTC của Bộ Tài chính cho xóa nợ.",
            {"type": "Thông tư", "number": "56/TT-BTC", "name": None, "year": None, "articles": []},
        ),
        (
            "Hội nghị triển khai Nghị định 95 sáng nay.",
            {"type": "Nghị định", "number": "95", "name": None, "year": None, "articles": []},
        ),
        (
            "Theo Điều 36 Bộ luật Tố tụng hình sự, bị can có quyền mời người bào chữa.",
            {
                "type": "Bộ luật",
                "number": None,
                "name": "bộ luật tố tụng hình sự",
                "year": None,
                "articles": ["điều 36"],
            },
        ),
        (
            "Công ty thành lập theo Luật Doanh nghiệp năm 2005.",
            {"type": "Luật", "number": None, "name": "luật doanh nghiệp", "year": 2005, "articles": []},
        ),
        (
            "Hành vi này bị xử lý theo điều 144 BLHS.",
            {"type": "Bộ luật", "number": None, "name": "bộ luật hình sự", "year": None, "articles": ["điều 144"]},
        ),
        (
            "Luật số 59/2020/QH14 có hiệu lực từ năm 2021.",
            {"type": "Luật", "number": "59/2020/QH14", "name": None, "year": 2020, "articles": []},
        ),
        (
            "Theo khoản 1, Điều 2 Nghị định 15/CP, mức phạt tăng.",
            {"type": "Nghị định", "number": "15/CP", "name": None, "year": None, "articles": ["điều 2 khoản 1"]},
        ),
        (
            "Quy định tại điểm a khoản 2 Điều 3 Thông tư 63/2002/TT-BTC.",
            {
                "type": "Thông tư",
                "number": "63/2002/TT-BTC",
                "name": None,
                "year": 2002,
                "articles": ["điều 3 khoản 2 điểm a"],
            },
        ),
        (
            "Điều 5 của Luật Đất đai quy định rõ.",
            {"type": "Luật", "number": None, "name": "luật đất đai", "year": None, "articles": ["điều 5"]},
        ),
        (
            "Việc này trái với Hiến pháp năm 1992.",
            {"type": "Hiến pháp", "number": None, "name": "hiến pháp", "year": 1992, "articles": []},
        ),
        (
            "Ủy ban thông qua Pháp lệnh Thuế nhà đất.",
            {"type": "Pháp lệnh", "number": None, "name": "pháp lệnh thuế nhà đất", "year": None, "articles": []},
        ),
        (
            "Theo Thông tư 119/2002/TTLT-BTC-BYT, lương do xã trả.",
            {
                "type": "Thông tư liên tịch",
                "number": "119/2002/TTLT-BTC-BYT",
                "name": None,
                "year": 2002,
                "articles": [],
            },
        ),
    ],
)
def test_examples_from_the_issue_are_found_with_their_fields(text, expected):
    found = only(text)
    assert {key: found[key] for key in expected} == expected
    assert found["span"] in text


def test_spans_are_the_document_reference_without_the_articles():
    assert only("Theo khoản 1, Điều 2 Nghị định 15/CP, mức phạt tăng.")["span"] == "Nghị định 15/CP"
    assert only("Căn cứ quyết định số 137/2001/QĐ-UB ngày 11-9-2001.")["span"] == "quyết định số 137/2001/QĐ-UB"
    assert only("Bị truy tố theo Điều 289 BLHS 1999.")["span"] == "BLHS 1999"
    assert only("Công ty thành lập theo Luật Doanh nghiệp năm 2005.")["span"] == "Luật Doanh nghiệp năm 2005"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Theo Nghị định số 45/2000/ND-CP ngày 6/9/2000.", "45/2000/NĐ-CP"),
        ("Theo Nghị định 55/2001/NĐ - CP về Internet.", "55/2001/NĐ-CP"),
        ("Triển khai Quyết định 217/2003/QD-TTg của Thủ tướng.", "217/2003/QĐ-TTG"),
        ("Thực hiện nghị quyết 06/2020/nq-hdnd của tỉnh.", "06/2020/NQ-HĐND"),
    ],
)
def test_numbers_are_upper_case_without_spaces_with_đ_restored(text, number):
    assert only(text)["number"] == number


def test_the_constitution_with_the_country_and_year_is_one_span():
    found = only("Theo Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013, công dân có quyền đó.")
    assert (found["name"], found["year"]) == ("hiến pháp", 2013)
    assert found["span"] == "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013"


def test_case_and_spacing_as_people_write_them():
    assert only("NGHỊ ĐỊNH 163/2003/NĐ-CP")["number"] == "163/2003/NĐ-CP"
    assert only("theo nghị định số 163 / 2003 / NĐ-CP")["number"] == "163/2003/NĐ-CP"
    assert only("Luật Doanh nghiệp số 68/2014/QH13")["number"] == "68/2014/QH13"


def test_a_code_defined_by_its_abbreviation_is_one_citation():
    found = fields("Áp dụng Điều 81 Bộ luật tố tụng hình sự (BLTTHS) với các bị can.")
    assert [(c["name"], c["articles"]) for c in found] == [("bộ luật tố tụng hình sự", ["điều 81"])]


def test_several_citations_in_one_sentence_in_order():
    found = fields("Bộ Tài chính đã công bố Nghị định 198 và Thông tư 117 về thu tiền sử dụng đất.")
    assert [(c["type"], c["number"]) for c in found] == [("Nghị định", "198"), ("Thông tư", "117")]


@pytest.mark.parametrize(
    "text",
    [
        "Luật sư Phạm Văn Đàm bảo vệ bị cáo; luật sư Kính cho biết điều kiện tạm giam tốt.",
        "Tòa án phải ra quyết định đưa vụ án ra xét xử.",
        "Chương trình kết thúc vào ngày 11-9-2001.",
        "Arsenal đại thắng 2-1 khi đón tiếp Liverpool.",
        "Vợ chồng thuê nhà số 12/3 đường Củ Chi, phường Vĩnh Hải.",
        "Khách sạn Kim Đô, ĐT: 822 5914, Fax: 04.726 1936.",
        "Tay vợt trẻ đã quyết định số phận của trận chung kết.",
        "Ủy ban đã quyết định 60 phút là hợp lý nhất.",
        "Kế hoạch 5 năm thực hiện chiến lược phát triển đô thị.",
        "Ông tốt nghiệp ĐH Luật Hà Nội năm 1998.",
        "Tranh chấp được giải quyết theo quy định tại Điều 61 của Luật này.",
        "Người dân phải tuân thủ luật pháp và pháp luật hiện hành.",
    ],
)
def test_hard_negatives_are_not_citations(text):
    assert fields(text) == []


def test_decomposed_input_is_read_as_nfc():
    text = "Theo Điều 17 Nghị định số 21/2001/NĐ-CP và Luật Doanh nghiệp năm 2005."
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert fields(decomposed) == fields(text)
    assert [c["span"] for c in fields(decomposed)] == ["Nghị định số 21/2001/NĐ-CP", "Luật Doanh nghiệp năm 2005"]


def test_odd_spacing_is_kept_in_the_span():
    found = only("Theo  Nghị   định  số 163/2003/NĐ-CP của Chính phủ.")
    assert found["number"] == "163/2003/NĐ-CP"
    assert found["span"] == "Nghị   định  số 163/2003/NĐ-CP"


def test_labelled_news_sentences_keep_f1_at_least_095():
    examples = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(examples) >= 150
    result = score(examples)
    assert result["f1"] >= 0.95, result["mistakes"]
    assert result["span_accuracy"] >= 0.95
    assert result["articles_accuracy"] >= 0.95


def run_command(path):
    out = StringIO()
    call_command("extract_citations", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_command_writes_one_line_per_input_line_in_order(tmp_path):
    source = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "text": "Theo Nghị định 163/2003/NĐ-CP."},
        {"id": 2, "text": "Không có trích dẫn nào ở đây."},
        {"id": "c", "text": "Điều 5 của Luật Đất đai và BLHS 1999."},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    lines = run_command(source)
    assert [line["id"] for line in lines] == ["a", 2, "c"]
    assert lines[0]["citations"] == [
        {
            "type": "Nghị định",
            "number": "163/2003/NĐ-CP",
            "name": None,
            "year": 2003,
            "articles": [],
            "span": "Nghị định 163/2003/NĐ-CP",
        }
    ]
    assert lines[1]["citations"] == []
    assert [c["name"] for c in lines[2]["citations"]] == ["luật đất đai", "bộ luật hình sự"]


def test_command_reports_bad_lines_and_goes_on(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "ok1", "text": "Nghị định 95"}\n'
        "not json at all\n"
        '{"id": "no-text"}\n'
        '["a list"]\n'
        '{"id": "ok2", "text": "Thông tư 19"}\n',
        encoding="utf-8",
    )
    lines = run_command(source)
    assert len(lines) == 5
    assert lines[0]["citations"][0]["number"] == "95"
    assert lines[1]["line"] == 2 and "error" in lines[1]
    assert lines[2]["id"] == "no-text" and "error" in lines[2]
    assert lines[3]["line"] == 4 and "error" in lines[3]
    assert lines[4]["citations"][0]["number"] == "19"


def test_command_names_a_missing_file_in_vietnamese(tmp_path):
    missing = tmp_path / "khong-co.jsonl"
    with pytest.raises(CommandError, match="Không mở được tệp"):
        call_command("extract_citations", str(missing), stdout=StringIO())
