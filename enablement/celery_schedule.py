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
# Tracking: watermarked page images of revoked or expired share links, where the delete
# queued by the revoke was lost (or the link expired); hourly is soon enough, as those
# links already serve nothing.
CELERY_BEAT_SCHEDULE["tracking-share-link-files-sweep"] = {
    "task": "tracking.share_link_files_sweep",
    "schedule": crontab(minute=40),
}
CELERY_BEAT_SCHEDULE["tracking-usage-rollup-nightly"] = {
    "task": "tracking.usage_rollup",
    "schedule": crontab(hour=2, minute=15),
    "kwargs": {"days_back": 2},
}

# Governance: Wagtail's scheduler every minute, so approved go-live drafts publish and
# expired assets leave the library (and search) within a minute of their time.
CELERY_BEAT_SCHEDULE["governance-publish-scheduled"] = {
    "task": "governance.publish_scheduled",
    "schedule": 60.0,
}
# Governance: review reminders once a day, early, so owners see them at the start of work.
# Each (asset, review_by, due|overdue) is emailed once however often this runs.
CELERY_BEAT_SCHEDULE["governance-review-reminders"] = {
    "task": "governance.send_review_reminders",
    "schedule": crontab(hour=6, minute=30),
}

# Notifications: plays follow the assets' review rule; their owners hear once per review
# date when it is near and once when it is past, right after the assets' reminders.
CELERY_BEAT_SCHEDULE["notifications-play-review-reminders"] = {
    "task": "notifications.play_review_reminders",
    "schedule": crontab(hour=6, minute=35),
}

# Insights: the weekly digest on Monday morning, reporting on the ISO week just ended.
# Sent once per week even if beat fires twice (DigestRun is unique per week).
CELERY_BEAT_SCHEDULE["insights-weekly-digest"] = {
    "task": "insights.weekly_digest",
    "schedule": crontab(hour=7, minute=0, day_of_week=1),
}

# Content: page previews for documents whose render task was lost (or that predate
# previews). Every 10 minutes, longer than one render may take, so a running render is
# rarely queued twice (and a second run would only redo the same pages).
CELERY_BEAT_SCHEDULE["content-render-previews-sweep"] = {
    "task": "content.tasks.render_previews_sweep",
    "schedule": 600.0,
}
