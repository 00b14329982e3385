from django import forms
from django.core.validators import RegexValidator


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực 6 chữ số",
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^\d{6}$", "Mã xác thực gồm đúng 6 chữ số.")],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()
