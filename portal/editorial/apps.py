from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "portal.editorial"
    label = "editorial"
    verbose_name = "Quy trình biên tập"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
        from wagtail.models import GroupPagePermission

        from . import audit

        user_model = get_user_model()
        m2m_changed.connect(audit.groups_changed, sender=user_model.groups.through, dispatch_uid="audit-groups")
        m2m_changed.connect(
            audit.group_permissions_changed, sender=Group.permissions.through, dispatch_uid="audit-perms"
        )
        post_save.connect(audit.page_permission_saved, sender=GroupPagePermission, dispatch_uid="audit-page-perm")
        post_delete.connect(
            audit.page_permission_deleted, sender=GroupPagePermission, dispatch_uid="audit-page-perm-del"
        )
        post_init.connect(audit.remember_superuser, sender=user_model, dispatch_uid="audit-superuser-init")
        post_save.connect(audit.superuser_changed, sender=user_model, dispatch_uid="audit-superuser")
