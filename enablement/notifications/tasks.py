"""Celery tasks for notifications."""

from celery import shared_task

from enablement.notifications.services import (
    notification_email_deliver,
    play_review_reminders_send,
)


@shared_task(
    name="notifications.send_email",
    acks_late=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_notification_email(notification_id: int) -> bool:
    """Email one notification to its opted-in recipient; safe to run twice."""
    return notification_email_deliver(notification_id=int(notification_id))


@shared_task(name="notifications.play_review_reminders", soft_time_limit=300, time_limit=360)
def play_review_reminders() -> dict:
    """Daily: remind play owners of reviews due or overdue (idempotent)."""
    run = play_review_reminders_send()
    return {"due": run.due, "notified": run.notified}
