"""The beat schedule, in code (STYLE.md: reviewed like any other code).

Each app adds its periodic tasks here, with the reason for its cadence.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE: dict[str, dict] = {}

# search: re-sync assets still flagged dirty (lost tasks, Elasticsearch outages). Every
# 2 minutes keeps the index at most a few minutes behind after an outage, at the cost of
# one indexed query when nothing is dirty.
CELERY_BEAT_SCHEDULE["search-sweep-dirty-assets"] = {
    "task": "search.tasks.sweep_dirty_assets",
    "schedule": 120.0,
}

# Tracking: events queued while the broker was down (or whose task was lost) are processed
# within a minute; nightly, recent days are recomputed and popularity's 30-day window moves.
CELERY_BEAT_SCHEDULE["tracking-usage-events-sweep"] = {
    "task": "tracking.usage_events_sweep",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["tracking-usage-rollup-nightly"] = {
    "task": "tracking.usage_rollup",
    "schedule": crontab(hour=2, minute=15),
    "kwargs": {"days_back": 2},
}
