"""What the audit log records beyond Wagtail's own page history: permission changes and take-down reasons."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.log_actions import log
from wagtail.models import PageLogEntry
from wagtail.models.audit_log import ModelLogEntry

PERMISSIONS_CHANGED = "portal.permissions"
TAKEN_DOWN = "portal.takedown"
# What administrators read in "Nhật ký kiểm toán": publishing, taking down, deleting, approving, and permissions.
AUDITED_ACTIONS = [
    "wagtail.publish",
    "wagtail.publish.scheduled",
    "wagtail.unpublish",
    "wagtail.unpublish.scheduled",
    "wagtail.delete",
    "wagtail.revert",
    "wagtail.workflow.approve",
    "wagtail.workflow.reject",
    TAKEN_DOWN,
    PERMISSIONS_CHANGED,
    "wagtail.create",
    "wagtail.edit",
    "portal.2fa_enrolment_code",  # a Quản trị issued an authenticator enrolment code (portal/accounts/enrolment.py)
]


def groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    """A user joined or left groups (or a group gained or lost members)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # instance is a group, pk_set users
        users = get_user_model().objects.filter(pk__in=pk_set or [])
        detail = {"group": instance.name, "users": [u.get_username() for u in users], "change": action}
        log(instance, PERMISSIONS_CHANGED, data=detail)
    else:
        groups = Group.objects.filter(pk__in=pk_set or [])
        detail = {"user": instance.get_username(), "groups": [g.name for g in groups], "change": action}
        log(instance, PERMISSIONS_CHANGED, data=detail)


def group_permissions_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        names = Permission.objects.filter(pk__in=pk_set or []).values_list("content_type__app_label", "codename")
        permissions = sorted(f"{app}.{codename}" for app, codename in names)
        log(instance, PERMISSIONS_CHANGED, data={"group": instance.name, "permissions": permissions, "change": action})


def _page_permission(instance, change):
    detail = {"group": instance.group.name, "page": instance.page_id, "permission": instance.permission.codename}
    log(instance.group, PERMISSIONS_CHANGED, data={**detail, "change": change})


def page_permission_saved(sender, instance, **kwargs):
    _page_permission(instance, "post_add")


def page_permission_deleted(sender, instance, **kwargs):
    _page_permission(instance, "post_remove")


def superuser_changed(sender, instance, **kwargs):
    if instance.pk and getattr(instance, "_was_superuser", instance.is_superuser) != instance.is_superuser:
        log(instance, PERMISSIONS_CHANGED, data={"user": instance.get_username(), "superuser": instance.is_superuser})
    instance._was_superuser = instance.is_superuser


def remember_superuser(sender, instance, **kwargs):
    instance._was_superuser = instance.is_superuser


def entries(actions=None):
    """Page and model log entries for the audited actions, newest first (a list of at most 500)."""
    actions = actions or AUDITED_ACTIONS
    pages = PageLogEntry.objects.filter(action__in=actions).select_related("user", "page")[:500]
    models = ModelLogEntry.objects.filter(action__in=actions).select_related("user", "content_type")[:500]
    return sorted([*pages, *models], key=lambda entry: entry.timestamp, reverse=True)[:500]
