"""Celery tasks for usage tracking: thin wrappers over services, safe to run twice.

Every task recomputes from stored events, so a redelivery (``acks_late`` after a worker
died) or a duplicate message changes nothing; the periodic sweep repairs anything a lost
message left undone.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import DatabaseError

from enablement.tracking import services
from enablement.tracking.watermark import watermarked_files_delete, watermarked_files_sweep

RETRY = {
    "acks_late": True,
    "autoretry_for": (DatabaseError, ConnectionError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="tracking.usage_events_process", **RETRY)
def usage_events_process_task(event_ids: list[int] | None = None) -> int:
    """Attribute and roll up these stored events (or every pending one)."""
    return services.usage_events_process(event_ids=event_ids).events_processed


@shared_task(name="tracking.usage_events_sweep", **RETRY)
def usage_events_sweep_task() -> int:
    """Periodic: process any event still unprocessed (e.g. queued while the broker was down)."""
    return services.usage_events_process().events_processed


@shared_task(name="tracking.usage_rollup", time_limit=60 * 60, soft_time_limit=55 * 60, **RETRY)
def usage_rollup_task(since: str | None = None, days_back: int | None = None) -> int:
    """Nightly: recompute recent days and every asset's popularity (``uses_30d`` decays)."""
    since_date = datetime.date.fromisoformat(since) if since else None
    if days_back is not None:
        since_date = datetime.date.today() - datetime.timedelta(days=days_back)
    return services.usage_rollup_run(since=since_date).events_processed


@shared_task(name="tracking.share_link_files_delete", **RETRY)
def share_link_files_delete_task(link_id: int) -> int:
    """Delete the watermarked files kept for a revoked share link (safe to run twice)."""
    return watermarked_files_delete(link_id=int(link_id))


@shared_task(name="tracking.share_link_files_sweep", **RETRY)
def share_link_files_sweep_task() -> int:
    """Periodic: delete watermarked files of links that no longer serve (lost deletes)."""
    return watermarked_files_sweep()
