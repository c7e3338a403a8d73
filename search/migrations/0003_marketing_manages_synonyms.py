"""Marketing manages search synonyms and segment aliases in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = (
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
    "view_searchsynonym",
    "add_segmentalias",
    "change_segmentalias",
    "delete_segmentalias",
    "view_segmentalias",
)


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; they are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    marketing = Group.objects.filter(name="Marketing").first()
    if marketing is None:
        return
    marketing.permissions.add(
        *Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_synonyms_and_segment_aliases"),
        ("content", "0002_default_stages_and_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
