"""Marketing may upload and choose attachments.

Wagtail checks custom document models against ``wagtaildocs.Document``'s permissions
(its permission policy's auth model), not ``content.AssetDocument``'s, which 0002 granted.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODEL_CODENAMES = ("add_document", "change_document", "delete_document", "choose_document")
COLLECTION_CODENAMES = ("add_document", "change_document", "choose_document")


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    marketing = Group.objects.filter(name="Marketing").first()
    if marketing is None:
        return
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(
            content_type__app_label="wagtaildocs", codename__in=MODEL_CODENAMES
        )
    }
    marketing.permissions.add(*permissions.values())
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for codename in COLLECTION_CODENAMES:
            if codename in permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=marketing, collection=root, permission=permissions[codename]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_marketing_approval_workflow"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
