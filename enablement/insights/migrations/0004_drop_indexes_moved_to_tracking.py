"""Drop the covering indexes of 0002 and 0003: tracking now declares the same indexes in
its models' ``Meta.indexes`` (tracking migration 0003), where the tables are owned."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0003_influence_window_index"),
        ("tracking", "0003_monthly_user_usage_covering_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql="DROP INDEX IF EXISTS insights_userdaily_day_asset_user",
            reverse_sql="CREATE INDEX IF NOT EXISTS insights_userdaily_day_asset_user "
            "ON tracking_assetuserdailyusage (day, asset_id, user_id)",
        ),
        migrations.RunSQL(
            sql="DROP INDEX IF EXISTS insights_influence_window",
            reverse_sql="CREATE INDEX IF NOT EXISTS insights_influence_window "
            "ON tracking_dealinfluence (last_used_at, first_used_at, deal_id, asset_id)",
        ),
    ]
