"""Settings for the events benchmark's server and worker: the test settings with a real
broker (not eager) and a short Redis visibility timeout so a killed worker's task comes
back in seconds."""

from enablement.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405  (a server keeps its connection)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
