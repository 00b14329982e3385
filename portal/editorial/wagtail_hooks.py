"""Admin additions: take-down reasons, the audit log view, and their log actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter, log

from . import audit, views

REASON_FIELD = "ly_do_go_tin"


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(audit.TAKEN_DOWN)
    class TakenDown(LogFormatter):
        label = "Gỡ tin"

        def format_message(self, log_entry):
            return f"Gỡ tin. Lý do: {log_entry.data.get('reason', '')}"

    @actions.register_action(audit.PERMISSIONS_CHANGED)
    class PermissionsChanged(LogFormatter):
        label = "Thay đổi quyền"

        def format_message(self, log_entry):
            # Sorted: PostgreSQL's jsonb does not keep the order the keys were written in.
            return "Thay đổi quyền: " + ", ".join(f"{k}={v}" for k, v in sorted(log_entry.data.items()))


@hooks.register("before_unpublish_page")
def require_takedown_reason(request, page):
    """Taking an article down (gỡ tin) needs a reason, which goes to the audit log."""
    reason = " ".join(request.POST.get(REASON_FIELD, "").split())
    if not reason:
        messages.error(request, "Cần nhập lý do gỡ tin.")
        return redirect(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    request.takedown_reason = reason
    return None


@hooks.register("after_unpublish_page")
def log_takedown_reason(request, page):
    log(page, audit.TAKEN_DOWN, data={"reason": request.takedown_reason}, user=request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("nhat-ky-kiem-toan/", views.audit_log, name="editorial_audit_log")]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("editorial.view_audit_log")


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem("Nhật ký kiểm toán", reverse("editorial_audit_log"), icon_name="list-ul", order=900)


TAKE_DOWN_ONE_BY_ONE = "Tin đang đăng phải được gỡ từng bài, kèm lý do, trước khi gỡ hoặc xoá hàng loạt."


@hooks.register("before_delete_page")
def refuse_deleting_a_live_page(request, page):
    """Deleting a live article would take it down without a reason: take it down first (with one)."""
    if page.live:
        messages.error(request, f"“{page.title}” đang đăng: hãy gỡ tin (kèm lý do) trước khi xoá.")
        return redirect(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    return None


@hooks.register("before_bulk_action")
def refuse_taking_down_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in ("unpublish", "delete") and any(getattr(obj, "live", False) for obj in objects):
        messages.error(request, TAKE_DOWN_ONE_BY_ONE)
        return redirect(reverse("wagtailadmin_explore_root"))
    return None
