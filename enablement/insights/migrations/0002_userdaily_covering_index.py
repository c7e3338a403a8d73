"""A covering index for insights' reads of tracking's per-user rollup.

Distinct users per asset over a period (``asset_performance``) reads
``(day, asset_id, user_id)``; with this index PostgreSQL answers from the index alone
instead of fetching ~350k scattered heap rows per 30 days at 5M events. It lives here
because insights is the reader that needs it; tracking may adopt it in its model's
``Meta.indexes`` (then this migration's index can be dropped).
"""

from django.db import migrations

INDEX = "insights_userdaily_day_asset_user"


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("tracking", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON tracking_assetuserdailyusage (day, asset_id, user_id)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
