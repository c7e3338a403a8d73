"""The "Marketing approval" workflow on the library and the "Marketing approvers" group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy of the workflow set-up as it was when this migration was written (content
# requests then belonged to the content app): migrations must not import app code that
# moves on, and content must not import the governance app above it.
APPROVERS = "Marketing approvers"
AUTHORS = "Marketing"
WORKFLOW_NAME = "Marketing approval"

APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# Marketing triages content requests in the admin.
MARKETING_REQUEST_PERMISSIONS = ("view_contentrequest", "change_contentrequest")


def approval_workflow_ensure(*, apps) -> None:
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
            content_type__app_label="content", codename=codename
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


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the new models need theirs now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    approval_workflow_ensure(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_governance"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
