"""The governance models, taken over from the content app with their tables and rows.

State only for the models: the tables were created by ``content.0003_governance`` and keep
their names (``db_table``). The content types move with them so permissions already
granted on content requests (Marketing triages them) still apply.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED_MODELS = ("assetretirement", "reviewnotification", "contentrequest")


def _content_types_move(apps, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_governance(apps, schema_editor):
    _content_types_move(apps, source="content", target="governance")


def content_types_to_content(apps, schema_editor):
    _content_types_move(apps, source="governance", target="content")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("content", "0006_governance_models_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("tracking", "0001_initial"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AssetRetirement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("retired", "Retired"), ("expired", "Expired")],
                                default="retired",
                                max_length=16,
                            ),
                        ),
                        ("reason", models.TextField(blank=True)),
                        ("retired_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "asset",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="retirement",
                                to="content.assetpage",
                            ),
                        ),
                        (
                            "redirect",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="wagtailredirects.redirect",
                            ),
                        ),
                        (
                            "replacement",
                            models.ForeignKey(
                                blank=True,
                                help_text="The asset the old URL and share links now lead to.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="replaces",
                                to="content.assetpage",
                            ),
                        ),
                        (
                            "retired_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "asset retirement",
                        "db_table": "content_assetretirement",
                    },
                ),
                migrations.CreateModel(
                    name="ContentRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("what", models.TextField(verbose_name="what is missing")),
                        (
                            "search_query",
                            models.CharField(
                                blank=True,
                                help_text="The search that found nothing, if any.",
                                max_length=200,
                            ),
                        ),
                        (
                            "urgency",
                            models.CharField(
                                choices=[
                                    ("low", "Nice to have"),
                                    ("normal", "Needed this quarter"),
                                    ("high", "Needed for a live deal"),
                                ],
                                default="normal",
                                max_length=16,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("new", "New"),
                                    ("planned", "Planned"),
                                    ("done", "Done"),
                                    ("declined", "Declined"),
                                ],
                                db_index=True,
                                default="new",
                                max_length=16,
                            ),
                        ),
                        (
                            "decline_reason",
                            models.TextField(blank=True, help_text="Required when declined."),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "requester_notified_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        (
                            "deal",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="tracking.deal",
                            ),
                        ),
                        (
                            "requester",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="content_requests",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "resolution_asset",
                            models.ForeignKey(
                                blank=True,
                                help_text="Required when done: the asset that answers the request.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="content.assetpage",
                                verbose_name="new asset",
                            ),
                        ),
                        (
                            "segment",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="content.segmenttag",
                            ),
                        ),
                        (
                            "stage",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="content.stagetag",
                                verbose_name="deal stage",
                            ),
                        ),
                        (
                            "triaged_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "content request",
                        "db_table": "content_contentrequest",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="ReviewNotification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("review_by", models.DateField()),
                        (
                            "kind",
                            models.CharField(
                                choices=[("due", "Review due"), ("overdue", "Review overdue")],
                                max_length=16,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "asset",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="review_notifications",
                                to="content.assetpage",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "content_reviewnotification",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("asset", "review_by", "kind"),
                                name="unique_review_notification",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_governance, content_types_to_content),
    ]
