from django.db import migrations, models

# The size bands as they are today (``tracking.models.DEAL_SIZE_BAND_BOUNDS``), written out
# so the migration keeps meaning what it meant when it ran.
BOUNDS = (10_000, 50_000, 250_000)


def backfill(apps, schema_editor):
    """Every influence's deal band from its deal amount copy: one set-based UPDATE."""
    cases = " ".join(f"WHEN deal_amount < {upper} THEN {index}" for index, upper in enumerate(BOUNDS))
    schema_editor.execute(
        f"UPDATE tracking_dealinfluence SET deal_band = CASE {cases} ELSE {len(BOUNDS)} END"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("tracking", "0008_deal_data_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="dealinfluence",
            name="deal_band",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="The deal amount's size band (index, smallest first)."
            ),
        ),
        migrations.RemoveIndex(
            model_name="dealinfluence",
            name="tracking_influence_closed",
        ),
        migrations.AddIndex(
            model_name="dealinfluence",
            index=models.Index(
                condition=models.Q(("deal_status__in", ["won", "lost"])),
                fields=["deal_closed_at"],
                include=(
                    "deal_status",
                    "asset",
                    "deal",
                    "deal_segment",
                    "deal_stage",
                    "deal_owner",
                    "deal_amount",
                    "deal_currency",
                    "deal_influences",
                    "deal_band",
                    "first_used_at",
                    "last_used_at",
                ),
                name="tracking_influence_closed",
            ),
        ),
        # After the index: an index built over rows this transaction just updated may be
        # flagged unusable (pg_index.indcheckxmin) until every older transaction, in any
        # database of the server, has ended; updating indexed rows is slower but safe.
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
