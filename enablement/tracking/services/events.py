"""Usage events: recording one, ingesting a batch, queueing their processing.

The durable step for an event is its INSERT (idempotent by ``event_id``); everything else
(attribution, daily rollups, popularity) is derived from stored events by recomputing the
affected rows, so running any step twice never double counts. Queueing the Celery task
after commit is best effort: if the broker is down the request still succeeds and the
periodic sweep picks up events whose ``processed_at`` is still empty.
"""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from content.selectors import assets_visible_to
from enablement.tracking.models import (
    Deal,
    UsageEvent,
)
from enablement.tracking.parsing import (
    EVENT_KINDS,
    event_item_parse,
    shown_event_id,
)
from enablement.tracking.selectors import deals_linkable_for_user

logger = logging.getLogger(__name__)

MAX_BATCH = 1000


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)
    inserted_ids: list[int] = field(default_factory=list)


def usage_event_record(
    *,
    event_id,
    asset,
    user,
    kind: str,
    occurred_at: datetime.datetime,
    deal: Deal | None = None,
    metadata: dict | None = None,
) -> tuple[UsageEvent, bool]:
    """Store one event durably (idempotent by ``event_id``) and queue its processing.

    Returns ``(event, created)``; a repeated ``event_id`` returns the stored event and
    ``False`` without touching it.
    """
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    row = {
        "event_id": event_id if isinstance(event_id, uuid.UUID) else uuid.UUID(str(event_id)),
        "asset_id": asset.pk,
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "kind": kind,
        "occurred_at": occurred_at,
        "deal_id": deal.pk if deal is not None else None,
        "metadata": metadata or {},
    }
    with transaction.atomic():
        inserted = _events_insert([row])
        if inserted:
            _queue_processing(event_ids=inserted)
    event = UsageEvent.objects.get(event_id=row["event_id"])
    return event, bool(inserted)


def usage_events_ingest(*, user, items: list) -> IngestResult:
    """Validate and store a batch of API events for ``user`` (at most ``MAX_BATCH``).

    Each item is checked on its own (shape and limits in ``parsing.event_item_parse``, then
    asset visible to ``user`` and deal linkable by ``user``); bad items are rejected with
    their index and reasons, the rest stored in one idempotent bulk insert. Duplicates
    (stored before, or repeated in the batch) are counted, never stored twice. Two queries
    whatever the batch size (three when some referenced deal is not linkable).
    """
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} events per batch")
    now = timezone.now()
    parsed = [event_item_parse(item, now=now) for item in items]
    asset_ids = {cleaned["asset_id"] for cleaned, _ in parsed if cleaned.get("asset_id")}
    deal_keys = {
        cleaned["deal_external_id"] for cleaned, _ in parsed if cleaned.get("deal_external_id")
    }
    visible = set(
        assets_visible_to(user=user).filter(pk__in=asset_ids).values_list("pk", flat=True)
    )
    deals = dict(
        deals_linkable_for_user(user=user)
        .filter(external_id__in=deal_keys)
        .values_list("external_id", "pk")
    )
    deal_refusals = _deal_link_refusals(user=user, external_ids=deal_keys - deals.keys())

    result = IngestResult()
    rows: list[dict] = []
    seen: set[uuid.UUID] = set()
    for index, (cleaned, errors) in enumerate(parsed):
        asset_id = cleaned.get("asset_id")
        if asset_id is not None and "asset_id" not in errors and asset_id not in visible:
            errors["asset_id"] = ["Unknown asset, or not visible to you."]
        deal_key = cleaned.get("deal_external_id")
        deal_pk = deals.get(deal_key) if deal_key is not None else None
        if deal_key is not None and deal_pk is None:
            errors["deal_id"] = [deal_refusals.get(deal_key, "Unknown deal.")]
        if errors:
            result.rejected.append(
                {"index": index, "event_id": shown_event_id(items[index]), "errors": errors}
            )
            continue
        event_id = cleaned["event_id"]
        if event_id in seen:
            result.duplicates += 1
            continue
        seen.add(event_id)
        rows.append(
            {
                "event_id": event_id,
                "asset_id": cleaned["asset_id"],
                "user_id": user.pk,
                "kind": cleaned["kind"],
                "occurred_at": cleaned["occurred_at"],
                "deal_id": deal_pk,
                "metadata": cleaned["metadata"],
            }
        )
    if rows:
        with transaction.atomic():
            result.inserted_ids = _events_insert(rows)
            if result.inserted_ids:
                _queue_processing(event_ids=result.inserted_ids)
    result.accepted = len(result.inserted_ids)
    result.duplicates += len(rows) - result.accepted
    return result


def _deal_link_refusals(*, user, external_ids: set[str]) -> dict[str, str]:
    """Why ``user`` may not link usage to these existing deals (absent ones: unknown)."""
    if not external_ids:
        return {}
    refusals = {}
    for external_id, owner_id, status in Deal.objects.filter(
        external_id__in=external_ids
    ).values_list("external_id", "owner_id", "status"):
        if owner_id != user.pk:
            refusals[external_id] = "Not one of your deals: link usage only to deals you own."
        elif status != Deal.Status.OPEN:
            refusals[external_id] = "The deal is closed: only integration users may backfill."
    return refusals


_INSERT_COLUMNS = (
    "event_id",
    "asset_id",
    "user_id",
    "kind",
    "occurred_at",
    "deal_id",
    "metadata",
    "received_at",
)


def _events_insert(rows: list[dict]) -> list[int]:
    """INSERT ... ON CONFLICT (event_id) DO NOTHING RETURNING id: the ids actually stored.

    One statement, so concurrent posts of the same ``event_id`` store and count it once
    (Django's ``bulk_create(ignore_conflicts=True)`` cannot tell which rows were new).
    """
    table = connection.ops.quote_name(UsageEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in _INSERT_COLUMNS)
    now = timezone.now()
    rows = [{**row, "received_at": now} for row in rows]
    if connection.vendor == "postgresql":
        # One array per column: 8 parameters for the whole batch instead of 8 per row.
        params = [[row[name] for row in rows] for name in _INSERT_COLUMNS]
        params[_INSERT_COLUMNS.index("metadata")] = [json.dumps(row["metadata"]) for row in rows]
        sql = (
            f"INSERT INTO {table} ({columns}) "
            "SELECT event_id, asset_id, user_id, kind, occurred_at, deal_id, metadata::jsonb, "
            "received_at FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[], %s::text[], "
            "%s::timestamptz[], %s::bigint[], %s::text[], %s::timestamptz[]) AS batch("
            "event_id, asset_id, user_id, kind, occurred_at, deal_id, metadata, received_at) "
            "ON CONFLICT (event_id) DO NOTHING RETURNING id"
        )
    else:
        fields = {name: UsageEvent._meta.get_field(name) for name in _PREPARED_COLUMNS}
        params = [
            fields[name].get_db_prep_save(row[name], connection) if name in fields else row[name]
            for row in rows
            for name in _INSERT_COLUMNS
        ]
        placeholder = "(" + ", ".join(["%s"] * len(_INSERT_COLUMNS)) + ")"
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(rows))} "
            "ON CONFLICT (event_id) DO NOTHING RETURNING id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


_PREPARED_COLUMNS = ("event_id", "occurred_at", "metadata", "received_at", "kind")


def _queue_processing(*, event_ids: list[int] | None) -> None:
    """After commit, ask Celery to process these events; a broker outage is only logged."""

    def send() -> None:
        from enablement.tracking.tasks import usage_events_process_task

        try:
            # No publish retries: the request must not hang on a dead broker; the
            # periodic sweep processes whatever this message would have.
            usage_events_process_task.apply_async(kwargs={"event_ids": event_ids}, retry=False)
        except Exception as error:
            logger.warning(
                "could not queue processing of %s events (the sweep will): %s",
                len(event_ids) if event_ids else "pending",
                error,
            )

    transaction.on_commit(send)
