"""Periodic governance work (scheduled in enablement/celery_schedule.py)."""

from celery import shared_task

from enablement.governance.services import review_reminders_send


@shared_task(
    name="governance.send_review_reminders",
    acks_late=True,
    autoretry_for=(ConnectionError, OSError),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def send_review_reminders() -> dict:
    """Email owners whose assets are due or overdue for review; safe to run any number of times."""
    run = review_reminders_send()
    return {"queued": run.queued, "emails_sent": run.emails_sent}


@shared_task(
    name="governance.publish_scheduled",
    acks_late=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=240,
    time_limit=300,
)
def publish_scheduled() -> None:
    """Run Wagtail's scheduler: publish approved go-live revisions, unpublish expired pages.

    Expired assets then leave search (``page_unpublished``) and get the retired notice.
    Idempotent: it only acts on what is due.
    """
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
