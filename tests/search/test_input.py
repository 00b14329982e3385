"""What a reader types is searched: a long query is cut with a note, control characters are dropped, and the
"did you mean" offer appears only when the index clearly prefers the restored spelling."""

import pytest
from bs4 import BeautifulSoup

from portal.search.forms import SearchForm
from portal.search.querying import MAX_QUERY_CHARS, MAX_QUERY_TOKENS
from tests.factories import local_dt, make_article

# Ten-letter filler words: 47 of them after the real words make the query longer than the limit, with fewer words
# than the word limit.
LONG_QUERY = "bình đẳng giới " + " ".join(f"khongco{n:03d}" for n in range(47))


def page(client, **params):
    return BeautifulSoup(client.get("/tim-kiem/", params).content, "html.parser")


def result_titles(soup):
    return [" ".join(a.get_text().split()) for a in soup.select(".search-results h2 a")]


@pytest.fixture
def articles(site_tree):
    _, _, news = site_tree
    make_article(news, title="Tập huấn bình đẳng giới", lead="Lồng ghép giới", published_at=local_dt(2022, 12, 15))
    for n in range(3):
        make_article(news, title=f"Hội nghị bình đẳng giới lần {n + 1}", published_at=local_dt(2023, 1, n + 1))
    for n in range(3):
        make_article(
            news, title=f"Du lịch Châu Á mùa {n + 1}", lead="Khách châu Á", published_at=local_dt(2023, 2, n + 1)
        )
    return news


def test_form_cuts_a_long_query_between_words():
    assert len(LONG_QUERY) > MAX_QUERY_CHARS and len(LONG_QUERY.split()) < MAX_QUERY_TOKENS
    form = SearchForm({"q": LONG_QUERY}, [])
    text = form.cleaned()["q"]
    assert text.startswith("bình đẳng giới ") and len(text) <= MAX_QUERY_CHARS
    assert LONG_QUERY.startswith(text) and LONG_QUERY[len(text)] == " "  # whole words only
    assert form.truncation_note == "Từ khóa quá dài: chỉ tìm theo 500 ký tự đầu."


def test_form_cuts_a_query_of_too_many_words():
    form = SearchForm({"q": " ".join(["a"] * (MAX_QUERY_TOKENS + 10))}, [])
    assert form.cleaned()["q"].split() == ["a"] * MAX_QUERY_TOKENS
    assert form.truncation_note == f"Từ khóa quá dài: chỉ tìm theo {MAX_QUERY_TOKENS} từ đầu."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("bình\x00 đẳng", "bình đẳng"), ("bình\tđẳng\r\ngiới\x1b", "bình đẳng giới"), ("\x07\x00 giới \x7f", "giới")],
)
def test_form_drops_control_characters_and_keeps_the_query(typed, expected):
    form = SearchForm({"q": typed}, [])
    assert form.cleaned()["q"] == expected
    assert form.truncation_note is None


@pytest.mark.django_db
def test_long_query_is_searched_with_a_note(client, articles):
    soup = page(client, q=LONG_QUERY)
    assert "Từ khóa quá dài: chỉ tìm theo 500 ký tự đầu." in soup.select_one(".query-truncated").get_text()
    assert "Tập huấn bình đẳng giới" in result_titles(soup)
    data = client.get("/api/tim-kiem/", {"q": LONG_QUERY}).json()
    assert data["query_truncated"] is True and data["total"] >= 1
    assert len(data["query"]) <= MAX_QUERY_CHARS and LONG_QUERY.startswith(data["query"])
    short = client.get("/api/tim-kiem/", {"q": "bình đẳng giới"}).json()
    assert short["query_truncated"] is False
    assert page(client, q="bình đẳng giới").select_one(".query-truncated") is None


@pytest.mark.django_db
def test_control_characters_never_drop_the_query(client, articles):
    soup = page(client, q="tập\x00 huấn\tbình đẳng")
    assert result_titles(soup)[0] == "Tập huấn bình đẳng giới"


@pytest.mark.django_db
def test_did_you_mean_when_the_restored_spelling_is_clearly_better(client, articles):
    offer = page(client, q="binh dang gioi").select_one(".did-you-mean a")
    assert offer is not None and offer.get_text() == "bình đẳng giới"
    assert client.get("/api/tim-kiem/", {"q": "binh dang gioi"}).json()["suggestion"] == "bình đẳng giới"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["a", "A", "a a"])
def test_no_did_you_mean_for_one_letter_words(client, articles, typed):
    assert page(client, q=typed).select_one(".did-you-mean") is None
    assert client.get("/api/tim-kiem/", {"q": typed}).json()["suggestion"] is None


@pytest.mark.django_db
def test_no_did_you_mean_when_the_typed_spelling_is_as_common(client, site_tree):
    """The corpus writes "Ha Noi" without diacritics about as often as "Hà Nội": nothing to correct."""
    _, _, news = site_tree
    for n in range(3):
        make_article(news, title=f"Tin Hà Nội số {n}", published_at=local_dt(2023, 1, n + 1))
    for n in range(2):
        make_article(news, title=f"Ha Noi news {n}", published_at=local_dt(2023, 2, n + 1))
    assert client.get("/api/tim-kiem/", {"q": "ha noi"}).json()["suggestion"] is None
    for n in range(3, 6):
        make_article(news, title=f"Tin Hà Nội số {n}", published_at=local_dt(2023, 1, n + 1))
    assert client.get("/api/tim-kiem/", {"q": "ha noi"}).json()["suggestion"] == "hà nội"


@pytest.mark.django_db
def test_one_document_is_enough_when_nobody_writes_the_typed_spelling(client, site_tree):
    """A commune's site may mention a phrase once; nobody writes "binh dang gioi" without diacritics."""
    _, _, news = site_tree
    make_article(news, title="Tập huấn bình đẳng giới", published_at=local_dt(2022, 12, 15))
    answer = client.get("/api/tim-kiem/", {"q": "binh dang gioi"}).json()
    assert answer["suggestion"] == "bình đẳng giới" and answer["total"] == 1


@pytest.mark.django_db
def test_filter_controls_keep_the_valid_choices(client, articles):
    soup = page(
        client, q="bình", chuyen_muc=str(articles.pk), tu_ngay="2023-01-02", den_ngay="30/02/2022", sap_xep="moi-nhat"
    )
    assert [o["value"] for o in soup.select("#id_chuyen_muc option[selected]")] == [str(articles.pk)]
    assert soup.select_one("#id_tu_ngay")["value"] == "2023-01-02"
    assert not soup.select_one("#id_den_ngay").has_attr("value")  # an invalid day is dropped, not shown
    assert [o["value"] for o in soup.select("#id_sap_xep option[selected]")] == ["moi-nhat"]
    assert soup.select_one('label[for="id_chuyen_muc"]') is not None
