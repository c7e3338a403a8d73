"""The library's approval workflow and the groups behind it.

Marketing *authors* edit and submit assets for moderation; members of **Marketing
approvers** approve (which publishes, or schedules a ``go_live_at`` publish), request
changes, or retire. Marketing authors have no publish permission, so nothing reaches the
library without an approver. ``approval_workflow_ensure`` is idempotent: the data
migration runs it, and test fixtures that flush the database run it again.
"""

from __future__ import annotations

from django.apps import apps as global_apps

APPROVERS = "Marketing approvers"
AUTHORS = "Marketing"
WORKFLOW_NAME = "Marketing approval"

APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# Marketing triages content requests in the admin.
MARKETING_REQUEST_PERMISSIONS = ("view_contentrequest", "change_contentrequest")


def approval_workflow_ensure(*, apps=global_apps) -> None:
    """Create (or repair) the approvers group, its permissions and the workflow on the root."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    approvers, _ = Group.objects.get_or_create(name=APPROVERS)
    authors, _ = Group.objects.get_or_create(name=AUTHORS)

    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access:
        approvers.permissions.add(admin_access)
    for codename in MARKETING_REQUEST_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="governance", codename=codename
        ).first()
        if permission:
            authors.permissions.add(permission)
            approvers.permissions.add(permission)

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in APPROVER_PAGE_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if permission:
            GroupPagePermission.objects.get_or_create(
                group=approvers, page=root, permission=permission
            )
    # Authors submit; only approvers publish.
    GroupPagePermission.objects.filter(group=authors, permission__codename="publish_page").delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=WORKFLOW_NAME, content_type=task_type, active=True
        )
    task.groups.set([approvers])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # The root covers the library root and every asset whenever they are created.
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
