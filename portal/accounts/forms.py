from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from .mail import mail_refused

MAIL_REFUSED_FOR_RESET = (
    "Máy chủ thư chưa được cấu hình, không gửi được thư đặt lại mật khẩu; hãy liên hệ quản trị hệ thống."
)


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


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label="Mã đăng ký do quản trị cấp",
        max_length=32,
        help_text="Mã gồm 12 ký tự, dạng XXXX-XXXX-XXXX, do quản trị cổng thông tin cấp cho riêng tài khoản của bạn.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}),
    )


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's password reset form, which says so when no mail can be sent instead of pretending it was.

    Only a missing configuration is reported: a failure to deliver to one address stays in the log (Django's
    form logs it), or the answer would tell a stranger which addresses have accounts.
    """

    def clean(self):
        cleaned_data = super().clean()
        if mail_refused():
            raise ValidationError(MAIL_REFUSED_FOR_RESET, code="mail_not_configured")
        return cleaned_data
