"""Admin additions: issuing two-factor enrolment codes from the user list, and the log entry that records it."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from . import enrolment, views


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(enrolment.ISSUED)
    class EnrolmentCodeIssued(LogFormatter):
        label = "Cấp mã đăng ký xác thực hai lớp"


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "tai-khoan/<int:user_id>/ma-dang-ky-xac-thuc/",
            views.issue_enrolment_code,
            name="accounts_issue_enrolment_code",
        )
    ]


@hooks.register("register_user_listing_buttons")
def enrolment_code_button(user, request_user):
    if views.can_issue_enrolment_code(request_user, user):
        yield Button(
            "Cấp mã đăng ký xác thực hai lớp",
            reverse("accounts_issue_enrolment_code", args=(user.pk,)),
            icon_name="key",
            priority=50,
        )
