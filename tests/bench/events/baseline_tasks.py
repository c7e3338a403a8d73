"""The baseline: one Celery task per event, which stores and then processes that event.

Loaded into the benchmark's worker with ``--include``; not part of the application.
"""

import datetime
import uuid

from celery import shared_task

from enablement.tracking import services


@shared_task(name="bench.record_one_event", acks_late=True)
def record_one_event(item: dict, user_id: int) -> None:
    row = {
        "event_id": uuid.UUID(item["event_id"]),
        "asset_id": item["asset_id"],
        "user_id": user_id,
        "kind": item["kind"],
        "occurred_at": datetime.datetime.fromisoformat(item["occurred_at"]),
        "deal_id": item.get("deal_pk"),
        "metadata": {},
    }
    inserted = services._events_insert([row])
    if inserted:
        services.usage_events_process(event_ids=inserted)
