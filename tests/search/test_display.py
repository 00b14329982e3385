"""What the results page marks follows what the reader typed: diacritics typed are diacritics meant."""

import pytest
from bs4 import BeautifulSoup

from portal.search.highlight import Terms, highlight, snippet
from portal.search.querying import analyze_query
from tests.factories import local_dt, make_article


def marked(html):
    return [mark.get_text() for mark in BeautifulSoup(str(html), "html.parser").select("mark")]


def terms(text):
    return Terms.of(analyze_query(text))


TITLE = "Đăng ký đang đáng chú ý: bình đẳng giới ở biên giới"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("đẳng", ["đẳng"]),
        ("dang", ["Đăng", "đang", "đáng", "đẳng"]),
        ("bình đẳng giới", ["bình", "đẳng", "giới", "giới"]),  # "biên" is not typed, "đang" is not "đẳng"
        ("binh đẳng", ["bình", "đẳng"]),  # per word: "binh" folds, "đẳng" is exact
        ("ĐĂNG", ["Đăng"]),
    ],
)
def test_marks_follow_the_typed_diacritics(typed, expected):
    assert marked(highlight(TITLE, terms(typed))) == expected


def test_both_tone_placements_are_one_word():
    assert marked(highlight("Hòa giải ở cơ sở, hoà giải viên", terms("hoà giải"))) == ["Hòa", "giải", "hoà", "giải"]
    assert marked(highlight("Thủy lợi và thuỷ sản", terms("thủy"))) == ["Thủy", "thuỷ"]


def test_restored_diacritics_do_not_narrow_the_marks():
    """A query typed without diacritics is ranked with restored ones; every spelling that folds to it is marked."""
    from portal.search.restoration import with_restored

    query = with_restored(analyze_query("dang"), ["đẳng"])
    assert marked(highlight(TITLE, Terms.of(query))) == ["Đăng", "đang", "đáng", "đẳng"]


def test_snippet_window_counts_only_real_matches():
    noise = " ".join(["đang"] * 30)
    filler = " ".join(["tin"] * 60)
    text = f"{noise} {filler} bình đẳng {filler}"
    cut = snippet(text, terms("đẳng"))
    assert marked(cut) == ["đẳng"]
    assert "đang" not in cut


@pytest.fixture
def articles(site_tree):
    _, _, news = site_tree
    noise = " ".join(["Cán bộ đang làm việc, đăng ký và đáng khen."] * 8)
    body = f"<p>{noise}</p><p>{' '.join(['Nội dung.'] * 30)}</p><p>Hội nghị về bình đẳng giới.</p>"
    make_article(
        news,
        title="Đăng ký tham gia tập huấn bình đẳng giới",
        lead="Tập huấn ở biên giới",
        body=[{"type": "paragraph", "value": body}],
        published_at=local_dt(2023, 3, 1),
    )
    return news


def first_result(client, **params):
    page = BeautifulSoup(client.get("/tim-kiem/", params).content, "html.parser")
    return page.select_one(".search-results li")


@pytest.mark.django_db
def test_results_page_marks_only_what_matched(client, articles):
    result = first_result(client, q="bình đẳng giới")
    assert [m.get_text() for m in result.h2.select("mark")] == ["bình", "đẳng", "giới"]
    snippet_marks = [m.get_text() for m in result.select(".result-snippet mark")]
    assert snippet_marks and set(snippet_marks) <= {"bình", "đẳng", "giới"}
    assert "bình đẳng giới" in result.select_one(".result-snippet").get_text()  # the window with the real match

    result = first_result(client, q="đẳng")
    assert [m.get_text() for m in result.h2.select("mark")] == ["đẳng"]

    result = first_result(client, q="dang ky")
    assert [m.get_text() for m in result.h2.select("mark")] == ["Đăng", "ký", "đẳng"]


@pytest.mark.django_db
def test_api_snippet_marks_only_what_matched(client, articles):
    data = client.get("/api/tim-kiem/", {"q": "đẳng"}).json()
    result = data["results"][0]
    assert marked(result["snippet_html"]) == ["đẳng"]
    assert result["lead"] == "Tập huấn ở biên giới"
    assert result["category"] == "Tin tức - Sự kiện"
    assert result["published_at"] == "2023-03-01T08:00:00+07:00"


def test_snippet_of_another_script_is_still_marked():
    text = " ".join(["tin"] * 80) + " Đoàn công tác thăm Москва và Санкт-Петербург " + " ".join(["tin"] * 80)
    cut = snippet(text, terms("москва"))
    assert marked(cut) == ["Москва"]
    assert cut.startswith("… ") and cut.endswith(" …")


def test_snippet_is_escaped():
    cut = snippet('<script>alert("đẳng")</script> bình đẳng & tiến bộ', terms("đẳng"))
    assert "<script>" not in cut and "&lt;/script&gt;" in cut and "&amp;" in cut
    assert marked(cut) == ["đẳng", "đẳng"]
