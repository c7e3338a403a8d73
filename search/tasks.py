"""Celery tasks: thin wrappers over search.services (ids in, idempotent, retried)."""

from celery import shared_task

from search.backends.base import SearchBackendUnavailable
from search.services import assets_sync, dirty_assets_sweep

RETRYABLE = (SearchBackendUnavailable, ConnectionError, TimeoutError)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=120,
    time_limit=150,
)
def sync_assets(asset_ids: list[int]) -> dict:
    """Upsert or remove these assets' documents (the dirty flag stays if this fails)."""
    report = assets_sync(asset_ids=asset_ids)
    return {"indexed": report.indexed, "removed": report.removed}


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def sweep_dirty_assets() -> dict:
    """Periodic: re-sync anything still flagged dirty (lost tasks, outages)."""
    try:
        report = dirty_assets_sweep()
    except SearchBackendUnavailable:
        return {"indexed": 0, "removed": 0, "unavailable": True}
    return {"indexed": report.indexed, "removed": report.removed}
