"""The beat schedule, in code (STYLE.md: reviewed like any other code).

Each app adds its periodic tasks here, with the reason for its cadence.
"""

from celery.schedules import crontab  # noqa: F401  (used by entries as apps add them)

CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
