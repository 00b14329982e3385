"""The newsroom's roles, as Wagtail groups, permissions and workflows.

Four roles are created by a migration and named in Vietnamese: editors write and submit drafts, approvers (heads of
department) approve or send back with a comment, the editorial board publishes anywhere, and administrators manage
users and settings. Editors and approvers work in their own department's categories: ``assign_department`` (a
management command) makes a department's editor and approver groups with page permissions on its categories only,
and a workflow for those categories whose first step only that department's approvers can take.
"""

EDITOR = "Biên tập viên"
APPROVER = "Người duyệt / Trưởng phòng"
BOARD = "Ban biên tập"
ADMINISTRATOR = "Quản trị"
WORKFLOW = "Quy trình duyệt tin"
APPROVAL_TASK = "Trưởng phòng duyệt"
PUBLISH_TASK = "Ban biên tập xuất bản"

# Images and documents: Wagtail checks these per collection only, so they are granted on the root collection.
_USE_MEDIA = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
_EDIT_MEDIA = [*_USE_MEDIA, ("wagtailimages", "change_image"), ("wagtaildocs", "change_document")]
COLLECTION_PERMISSIONS = {EDITOR: _USE_MEDIA, APPROVER: _EDIT_MEDIA, BOARD: _EDIT_MEDIA, ADMINISTRATOR: []}
GLOBAL_PERMISSIONS = {
    EDITOR: [("wagtailadmin", "access_admin")],
    APPROVER: [("wagtailadmin", "access_admin")],
    BOARD: [
        ("wagtailadmin", "access_admin"),
        ("news", "add_department"),
        ("news", "change_department"),
        ("editorial", "view_audit_log"),
    ],
    ADMINISTRATOR: [
        ("wagtailadmin", "access_admin"),
        *[
            ("auth", f"{action}_{model}")
            for model in ("user", "group")
            for action in ("add", "change", "delete", "view")
        ],
        ("wagtailcore", "add_site"),
        ("wagtailcore", "change_site"),
        ("core", "change_sitesettings"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("editorial", "view_audit_log"),
    ],
}
# Page permissions: the board's on the root of every site; editors' and approvers' on their department's categories.
BOARD_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
DEPARTMENT_PAGE_PERMISSIONS = {EDITOR: ["add_page", "change_page"], APPROVER: ["add_page", "change_page", "lock_page"]}


def department_group_name(role: str, department: str) -> str:
    return f"{role.split(' /')[0]} – {department}"


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_media(apps, group, role):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    for app_label, codename in COLLECTION_PERMISSIONS[role]:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(apps, app_label, codename)
        )


def _approval_task(apps, name, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name, active=True, content_type=content_type)
    task.groups.set(groups)
    return task


def _workflow(apps, name, tasks, page_id):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    WorkflowTask.objects.filter(workflow=workflow).delete()
    for order, task in enumerate(tasks):
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
    return workflow


def install_roles(apps):
    """Create the four role groups, the board's permissions on every site, and the default approval workflow."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions of apps migrated in this same run
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    groups = {}
    for role, permissions in GLOBAL_PERMISSIONS.items():
        groups[role], _ = Group.objects.get_or_create(name=role)
        groups[role].permissions.add(*(_permission(apps, *p) for p in permissions))
        _grant_media(apps, groups[role], role)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in BOARD_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=groups[BOARD], page=root, permission=_permission(apps, "wagtailcore", codename)
        )
    tasks = [
        _approval_task(apps, APPROVAL_TASK, [groups[APPROVER]]),
        _approval_task(apps, PUBLISH_TASK, [groups[BOARD]]),
    ]
    _workflow(apps, WORKFLOW, tasks, root.pk)
    _retire_wagtail_defaults(apps)


def _retire_wagtail_defaults(apps):
    # Wagtail's English "Editors" and "Moderators" (with rights on every page) would sit beside the roles above.
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name="Moderators approval").update(active=False)
    apps.get_model("wagtailcore", "Task").objects.filter(name="Moderators approval").update(active=False)


def assign_department(apps, department: str, category_ids: list[int]):
    """A department's editor and approver groups, with page permissions and an approval workflow on its categories.

    Returns the two groups (editors, approvers). Safe to run again: it brings the groups and workflow up to date.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    made = {}
    for role, page_permissions in DEPARTMENT_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=department_group_name(role, department))
        group.permissions.add(*(_permission(apps, *p) for p in GLOBAL_PERMISSIONS[role]))
        _grant_media(apps, group, role)
        for category_id in category_ids:
            for codename in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=category_id, permission=_permission(apps, "wagtailcore", codename)
                )
        made[role] = group
    board = Group.objects.get(name=BOARD)
    tasks = [
        _approval_task(apps, f"{APPROVAL_TASK} – {department}", [made[APPROVER]]),
        _approval_task(apps, PUBLISH_TASK, [board]),
    ]
    for category_id in category_ids:
        _workflow(apps, f"{WORKFLOW} – {department}", tasks, category_id)
    return made[EDITOR], made[APPROVER]
