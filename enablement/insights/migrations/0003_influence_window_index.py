"""A covering index for "influences in the period" on tracking's ``DealInfluence``.

Insights counts influences whose uses (first to last) overlap a period; this index on
``(last_used_at, first_used_at, deal_id, asset_id)`` answers that from the index alone
(5M-event benchmark: 108 ms -> 29 ms for the summary's count). Like 0002 it lives here
because insights is the reader; tracking may adopt it in ``Meta.indexes``.
"""

from django.db import migrations

INDEX = "insights_influence_window"


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_userdaily_covering_index"),
        ("tracking", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {INDEX} ON tracking_dealinfluence "
            "(last_used_at, first_used_at, deal_id, asset_id)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
