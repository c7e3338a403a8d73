"""The "Marketing approval" workflow on the library and the "Marketing approvers" group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from content.governance.workflow import approval_workflow_ensure


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
