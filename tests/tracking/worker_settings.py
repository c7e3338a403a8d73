"""Settings for the real Celery worker that tracking tests start: test settings, not
eager, and a short Redis visibility timeout so a SIGKILLed task is redelivered in seconds
rather than the production hour."""

from enablement.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
# Small batches make processing take long enough to kill the worker in the middle of it.
TRACKING_PROCESS_BATCH_SIZE = 400
