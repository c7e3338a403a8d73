"""The beat schedule, in code (STYLE.md: reviewed like any other code).

Each app adds its periodic tasks here, with the reason for its cadence.
"""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE: dict[str, dict] = {}

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
