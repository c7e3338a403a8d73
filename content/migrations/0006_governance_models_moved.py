"""AssetRetirement, ReviewNotification and ContentRequest moved to the governance app.

State only: the tables (``content_assetretirement``, ``content_reviewnotification``,
``content_contentrequest``) and their rows stay where they are; governance's 0001 takes
the models over with ``db_table`` set to these names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_marketing_document_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AssetRetirement"),
                migrations.DeleteModel(name="ContentRequest"),
                migrations.DeleteModel(name="ReviewNotification"),
            ],
            database_operations=[],
        )
    ]
