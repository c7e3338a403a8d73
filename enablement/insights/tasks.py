"""Celery tasks of insights: thin wrappers, safe to run twice (see digest.py)."""

from __future__ import annotations

import datetime
from smtplib import SMTPException

from celery import shared_task
from django.db import DatabaseError

from enablement.insights.digest import digest_weekly_send


@shared_task(
    name="insights.weekly_digest",
    acks_late=True,
    autoretry_for=(DatabaseError, ConnectionError, SMTPException),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=6,
    time_limit=30 * 60,
    soft_time_limit=25 * 60,
)
def weekly_digest_task(today: str | None = None) -> int:
    """Send last week's digest (``today`` as ISO date, default: today). Returns emails sent."""
    day = datetime.date.fromisoformat(today) if today else None
    return digest_weekly_send(today=day).sent
