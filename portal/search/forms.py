from django import forms

from portal.core.dates import in_archive_range
from portal.core.text import clean_text

from .analysis import TOKEN
from .querying import MAX_QUERY_CHARS, MAX_QUERY_TOKENS

SORT_CHOICES = [("", "Liên quan nhất"), ("moi-nhat", "Mới nhất")]


class QueryField(forms.CharField):
    """The search words on one line with single spaces, without the control characters a paste or a crafted link
    may carry.

    They are removed before validation: a NUL would otherwise make the field invalid and the query silently dropped.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = " ".join(clean_text(value, multiline=False).split())
        return super().to_python(value)


def cut_query(text: str) -> tuple[str, str | None]:
    """``text`` within what the search reads (its first characters and words), cut between words, and the reason
    for cutting it ("chars" or "words"; None when it fits)."""
    reason = None
    if len(text) > MAX_QUERY_CHARS:
        reason = "chars"
        cut = text[:MAX_QUERY_CHARS]
        if TOKEN.fullmatch(text[MAX_QUERY_CHARS - 1 : MAX_QUERY_CHARS + 1]):
            # The limit falls inside a word: drop that word unless it is the only one.
            last = list(TOKEN.finditer(cut))[-1]
            if last.start() > 0:
                cut = cut[: last.start()]
        text = cut.rstrip()
    words = list(TOKEN.finditer(text))
    if len(words) > MAX_QUERY_TOKENS:
        reason = "words"
        text = text[: words[MAX_QUERY_TOKENS - 1].end()]
    return text, reason


class SearchForm(forms.Form):
    """Every field is optional and every bad value is dropped, never an error page; a long query is cut, not lost."""

    TRUNCATION_NOTES = {
        "chars": f"Từ khóa quá dài: chỉ tìm theo {MAX_QUERY_CHARS} ký tự đầu.",
        "words": f"Từ khóa quá dài: chỉ tìm theo {MAX_QUERY_TOKENS} từ đầu.",
    }

    q = QueryField(required=False, strip=True)
    chuyen_muc = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Chuyên mục")
    tu_ngay = forms.DateField(required=False, label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    den_ngay = forms.DateField(required=False, label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    sap_xep = forms.ChoiceField(required=False, choices=SORT_CHOICES, label="Sắp xếp")

    def __init__(self, data, categories):
        """``categories``: (id, title) of the categories a search can be limited to."""
        super().__init__(data)
        self.fields["chuyen_muc"].choices = [("", "Tất cả chuyên mục"), *categories]
        self.truncation = None

    def clean_q(self):
        text, self.truncation = cut_query(self.cleaned_data["q"])
        return text

    @property
    def truncation_note(self) -> str | None:
        """What the page tells the reader when the query was cut."""
        return self.TRUNCATION_NOTES.get(self.truncation)

    def clean(self):
        cleaned = super().clean()
        for name in ("tu_ngay", "den_ngay"):
            day = cleaned.get(name)
            if day is not None and not in_archive_range(day):
                self.add_error(name, "Ngày nằm ngoài phạm vi.")
        return cleaned

    # The page writes its filter controls from these rather than through Django's widget templates, which cost the
    # results page more than its twenty results.

    def shown(self) -> dict[str, str]:
        """The valid filter values as the page's controls show them ("" for none)."""
        values = self.cleaned()
        return {
            "chuyen_muc": "" if values["chuyen_muc"] is None else str(values["chuyen_muc"]),
            "tu_ngay": values["tu_ngay"].isoformat() if values["tu_ngay"] else "",
            "den_ngay": values["den_ngay"].isoformat() if values["den_ngay"] else "",
            "sap_xep": values["sap_xep"] or "",
        }

    def category_choices(self) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self.fields["chuyen_muc"].choices]

    def sort_choices(self) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self.fields["sap_xep"].choices]

    def cleaned(self):
        """The valid values; a field that fails validation counts as not given."""
        self.is_valid()
        values = dict.fromkeys(self.fields)
        values.update(getattr(self, "cleaned_data", {}))
        for name in self.errors:
            values[name] = None
        return values
