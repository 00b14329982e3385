from django import forms

from portal.core.dates import in_archive_range

SORT_CHOICES = [("", "Liên quan nhất"), ("moi-nhat", "Mới nhất")]


class SearchForm(forms.Form):
    """Every field is optional and every bad value is dropped, never an error page."""

    q = forms.CharField(required=False, max_length=500, strip=True)
    chuyen_muc = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Chuyên mục")
    tu_ngay = forms.DateField(required=False, label="Từ ngày", widget=forms.DateInput(attrs={"type": "date"}))
    den_ngay = forms.DateField(required=False, label="Đến ngày", widget=forms.DateInput(attrs={"type": "date"}))
    sap_xep = forms.ChoiceField(required=False, choices=SORT_CHOICES, label="Sắp xếp")

    def clean(self):
        cleaned = super().clean()
        for name in ("tu_ngay", "den_ngay"):
            day = cleaned.get(name)
            if day is not None and not in_archive_range(day):
                self.add_error(name, "Ngày nằm ngoài phạm vi.")
        return cleaned

    def __init__(self, data, categories):
        super().__init__(data)
        self.fields["chuyen_muc"].choices = [("", "Tất cả chuyên mục")] + [(c.pk, c.title) for c in categories]

    def cleaned(self):
        """The valid values; a field that fails validation counts as not given."""
        self.is_valid()
        values = dict.fromkeys(self.fields)
        values.update(getattr(self, "cleaned_data", {}))
        for name in self.errors:
            values[name] = None
        return values
