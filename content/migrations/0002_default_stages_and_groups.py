"""The six deal stages, in order, and the Sales / Marketing / Managers groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils.text import slugify

STAGES = ("Prospecting", "Discovery", "Demo", "Proposal", "Negotiation", "Closing")
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
MARKETING_MODEL_PERMISSIONS = {
    ("wagtailadmin", "admin"): ("access_admin",),
    ("content", "assetdocument"): (
        "add_assetdocument", "change_assetdocument", "delete_assetdocument",
        "choose_assetdocument",
    ),
    ("content", "segmenttag"): (
        "add_segmenttag", "change_segmenttag", "delete_segmenttag", "view_segmenttag",
    ),
    ("content", "stagetag"): ("view_stagetag",),
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    StageTag = apps.get_model("content", "StageTag")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")

    for position, name in enumerate(STAGES, start=1):
        StageTag.objects.update_or_create(
            name=name, defaults={"slug": slugify(name), "position": position}
        )

    for name in ("Sales", "Marketing", "Managers"):
        Group.objects.get_or_create(name=name)

    ensure_permissions(apps)
    marketing = Group.objects.get(name="Marketing")
    for (app_label, model), codenames in MARKETING_MODEL_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                marketing.permissions.add(permission)

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=marketing, page=root, permission=permission
                )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for codename in ("add_assetdocument", "change_assetdocument", "choose_assetdocument"):
            permission = Permission.objects.filter(
                content_type__app_label="content", codename=codename
            ).first()
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=marketing, collection=root_collection, permission=permission
                )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=("Sales", "Marketing", "Managers")
    ).delete()
    apps.get_model("content", "StageTag").objects.filter(name__in=STAGES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
