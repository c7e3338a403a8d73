"""Writes for usage tracking: events, deals, attribution, rollups, popularity, share links.

The durable step for an event is its INSERT (idempotent by ``event_id``); everything else
(attribution, daily rollups, popularity, the search index) is derived from stored events by
recomputing the affected rows, so running any step twice never double counts. Queueing the
Celery task after commit is best effort: if the broker is down the request still succeeds and
the periodic sweep picks up events whose ``processed_at`` is still empty.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from content.models import SegmentTag, StageTag
from content.selectors import asset_is_live, asset_is_visible_to, assets_visible_to
from enablement.tracking.currencies import ISO_4217_CODES
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetPopularity,
    AssetUserDailyUsage,
    AssetUserMonthlyUsage,
    Deal,
    DealInfluence,
    ShareLink,
    UsageEvent,
)
from enablement.tracking.parsing import (
    EVENT_KINDS,
    MAX_EXTERNAL_ID_LENGTH,
    Errors,
    event_item_parse,
    parse_amount,
    parse_datetime,
    shown_event_id,
    shown_identifier,
    text_problem,
    timestamp_range_problem,
)
from enablement.tracking.selectors import deal_open_for_user, deals_linkable_for_user

logger = logging.getLogger(__name__)

MAX_BATCH = 1000
# Any value: the key of the PostgreSQL advisory lock that serialises rollup writers.
ROLLUP_LOCK_KEY = 4_417_001
PROCESS_BATCH_SIZE = 20000
POPULARITY_MIN_CLOSED_DEALS = 5
SHARE_LINK_DEFAULT_DAYS = 14
SHARE_LINK_MAX_DAYS = 90


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Attribution, rollups, popularity
# ---------------------------------------------------------------------------


@dataclass
class RollupReport:
    events_processed: int = 0
    asset_days: int = 0
    influences: int = 0
    assets_refreshed: int = 0
    popularity_changed: list[int] = field(default_factory=list)


def _influence_q(prefix: str = "") -> Q:
    """Events that influence their deal: linked to it while open or at/before its close."""
    return Q(**{f"{prefix}deal__isnull": False}) & (
        Q(**{f"{prefix}deal__status": Deal.Status.OPEN})
        | Q(**{f"{prefix}deal__closed_at__isnull": True})
        | Q(**{f"{prefix}occurred_at__lte": F(f"{prefix}deal__closed_at")})
    )


def _rollup_lock() -> None:
    """Serialise rollup writers (and deal closes) for the rest of the transaction.

    Recomputing from events is idempotent, but two writers with different snapshots could
    overwrite each other's newer counts; one writer at a time rules that out. SQLite
    already serialises write transactions.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK_KEY])


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=1)


def _daily_rebuild(*, asset_ids=None, days=None, since: datetime.date | None = None) -> int:
    """Recompute ``AssetDailyUsage`` and ``AssetUserDailyUsage`` from events.

    Scope: the cross product ``asset_ids x days``, or every day from ``since``, or all.
    Rows in scope are deleted and rewritten, so the result never depends on history.
    """
    events = UsageEvent.objects.all()
    rollup_scope = Q()
    if asset_ids is not None:
        events = events.filter(asset_id__in=asset_ids)
        rollup_scope &= Q(asset_id__in=asset_ids)
    if days is not None:
        days = sorted(days)
        events = events.filter(
            occurred_at__gte=_day_bounds(days[0])[0], occurred_at__lt=_day_bounds(days[-1])[1]
        )
        rollup_scope &= Q(day__in=days)
    if since is not None:
        events = events.filter(occurred_at__gte=_day_bounds(since)[0])
        rollup_scope &= Q(day__gte=since)
    events = events.annotate(day=TruncDate("occurred_at"))
    if days is not None:
        events = events.filter(day__in=days)

    kind_counts = {kind: Count("id", filter=Q(kind=kind)) for kind in sorted(EVENT_KINDS)}
    daily_rows = (
        events.values("asset_id", "day")
        .annotate(
            uses=Count("id"),
            users=Count("user_id", distinct=True),
            deals=Count("deal_id", distinct=True, filter=_influence_q()),
            **{f"kind_{kind}": aggregate for kind, aggregate in kind_counts.items()},
        )
        .order_by()
    )
    daily = [
        AssetDailyUsage(
            asset_id=row["asset_id"],
            day=row["day"],
            uses=row["uses"],
            users=row["users"],
            deals_influenced=row["deals"],
            by_kind={kind: row[f"kind_{kind}"] for kind in kind_counts if row[f"kind_{kind}"]},
        )
        for row in daily_rows
    ]
    per_user = [
        AssetUserDailyUsage(
            asset_id=row["asset_id"], user_id=row["user_id"], day=row["day"], uses=row["uses"]
        )
        for row in events.filter(user_id__isnull=False)
        .values("asset_id", "user_id", "day")
        .annotate(uses=Count("id"))
        .order_by()
    ]
    _rows_replace(
        AssetDailyUsage.objects.filter(rollup_scope),
        daily,
        key=("asset_id", "day"),
        values=("uses", "users", "deals_influenced", "by_kind"),
    )
    _rows_replace(
        AssetUserDailyUsage.objects.filter(rollup_scope),
        per_user,
        key=("asset_id", "user_id", "day"),
        values=("uses",),
    )
    _monthly_rebuild(asset_ids=asset_ids, days=days, since=since)
    return len(daily)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _monthly_rebuild(*, asset_ids=None, days=None, since: datetime.date | None = None) -> None:
    """Recompute ``AssetUserMonthlyUsage`` for the months touched by a daily rebuild
    (``asset_ids x`` the months of ``days``, or every month from ``since``'s, or all),
    from the per-user daily rows, so whole months stay exact whatever was rebuilt."""
    daily = AssetUserDailyUsage.objects.all()
    scope = Q()
    if asset_ids is not None:
        daily = daily.filter(asset_id__in=asset_ids)
        scope &= Q(asset_id__in=asset_ids)
    if days is not None:
        months = sorted({_month_start(day) for day in days})
        month_q = Q()
        for month in months:
            next_month = (month + datetime.timedelta(days=32)).replace(day=1)
            month_q |= Q(day__gte=month, day__lt=next_month)
        daily = daily.filter(month_q)
        scope &= Q(month__in=months)
    if since is not None:
        daily = daily.filter(day__gte=_month_start(since))
        scope &= Q(month__gte=_month_start(since))
    rows = [
        AssetUserMonthlyUsage(
            asset_id=row["asset_id"], user_id=row["user_id"], month=row["month"], uses=row["uses"]
        )
        for row in daily.annotate(month=TruncMonth("day"))
        .values("asset_id", "user_id", "month")
        .annotate(uses=Sum("uses"))
        .order_by()
    ]
    _rows_replace(
        AssetUserMonthlyUsage.objects.filter(scope),
        rows,
        key=("asset_id", "user_id", "month"),
        values=("uses",),
    )


def _rows_replace(scope, rows: list, *, key: tuple[str, ...], values: tuple[str, ...]) -> None:
    """Make the rows in ``scope`` equal ``rows``, writing only those that differ (a batch of
    events changes a few rows in a wide scope; rewriting all of them would dominate)."""
    wanted = {tuple(getattr(row, name) for name in key): row for row in rows}
    stale = []
    for existing in scope.values("pk", *key, *values).iterator(chunk_size=5000):
        row_key = tuple(existing[name] for name in key)
        row = wanted.get(row_key)
        if row is not None and all(getattr(row, name) == existing[name] for name in values):
            del wanted[row_key]  # unchanged: keep it
        else:
            stale.append(existing["pk"])
    model = scope.model
    for start in range(0, len(stale), 5000):
        model.objects.filter(pk__in=stale[start : start + 5000]).delete()
    model.objects.bulk_create(list(wanted.values()), batch_size=5000)


def _influence_rebuild(*, deal_ids=None, asset_ids=None) -> int:
    """Recompute ``DealInfluence`` for ``deal_ids x asset_ids`` (or all) from events."""
    events = UsageEvent.objects.filter(_influence_q())
    scope = Q()
    if deal_ids is not None:
        events = events.filter(deal_id__in=deal_ids)
        scope &= Q(deal_id__in=deal_ids)
    if asset_ids is not None:
        events = events.filter(asset_id__in=asset_ids)
        scope &= Q(asset_id__in=asset_ids)
    rows = [
        DealInfluence(
            deal_id=row["deal_id"],
            asset_id=row["asset_id"],
            first_used_at=row["first"],
            last_used_at=row["last"],
            uses=row["uses"],
        )
        for row in events.values("deal_id", "asset_id")
        .annotate(first=Min("occurred_at"), last=Max("occurred_at"), uses=Count("id"))
        .order_by()
    ]
    _rows_replace(
        DealInfluence.objects.filter(scope),
        rows,
        key=("deal_id", "asset_id"),
        values=("first_used_at", "last_used_at", "uses"),
    )
    return len(rows)


POPULARITY_FIELDS = ("deals_influenced", "deals_won", "win_rate", "uses_30d", "last_used_at")


def _popularity_zero() -> dict:
    return {
        "deals_influenced": 0,
        "deals_won": 0,
        "win_rate": None,
        "uses_30d": 0,
        "last_used_at": None,
    }


def asset_popularity_refresh(*, asset_ids=None) -> list[int]:
    """Recompute ``AssetPopularity`` (all assets with usage, or ``asset_ids``).

    Returns the ids whose figures changed; those are marked dirty for the search index.
    """
    from content.models import AssetPage

    today = timezone.now().date()
    influences = DealInfluence.objects.all()
    daily = AssetDailyUsage.objects.filter(day__gt=today - datetime.timedelta(days=30))
    events = UsageEvent.objects.all()
    existing = AssetPopularity.objects.all()
    if asset_ids is not None:
        asset_ids = set(asset_ids)
        influences = influences.filter(asset_id__in=asset_ids)
        daily = daily.filter(asset_id__in=asset_ids)
        events = events.filter(asset_id__in=asset_ids)
        existing = existing.filter(asset_id__in=asset_ids)
    figures: dict[int, dict] = defaultdict(_popularity_zero)
    for row in (
        influences.values("asset_id")
        .annotate(
            influenced=Count("id"),
            won=Count("id", filter=Q(deal__status=Deal.Status.WON)),
            lost=Count("id", filter=Q(deal__status=Deal.Status.LOST)),
        )
        .order_by()
    ):
        entry = figures[row["asset_id"]]
        entry["deals_influenced"] = row["influenced"]
        entry["deals_won"] = row["won"]
        closed = row["won"] + row["lost"]
        if closed >= POPULARITY_MIN_CLOSED_DEALS:
            entry["win_rate"] = round(row["won"] / closed, 6)
    for row in daily.values("asset_id").annotate(uses=Sum("uses")).order_by():
        figures[row["asset_id"]]["uses_30d"] = row["uses"]
    for row in events.values("asset_id").annotate(last=Max("occurred_at")).order_by():
        figures[row["asset_id"]]["last_used_at"] = row["last"]
    current = {
        row["asset_id"]: row
        for row in existing.values(
            "asset_id", "deals_influenced", "deals_won", "win_rate", "uses_30d", "last_used_at"
        )
    }
    for asset_id in current.keys() - figures.keys():
        figures[asset_id] = _popularity_zero()  # its usage vanished: back to zero
    live_ids = set(AssetPage.objects.filter(pk__in=list(figures)).values_list("pk", flat=True))
    changed = []
    rows = []
    for asset_id, entry in figures.items():
        if asset_id not in live_ids:
            continue
        before = current.get(asset_id)
        if before is None or any(before[key] != value for key, value in entry.items()):
            changed.append(asset_id)
            rows.append(AssetPopularity(asset_id=asset_id, **entry))
    if rows:
        AssetPopularity.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["asset"],
            update_fields=[*POPULARITY_FIELDS, "updated_at"],
        )
    if changed:
        _search_mark_dirty(asset_ids=changed)
    return sorted(changed)


def _search_mark_dirty(*, asset_ids: list[int]) -> None:
    try:
        from search.services import assets_mark_dirty
    except ImportError:  # the search app may not provide it yet
        logger.info("search.services.assets_mark_dirty unavailable; %s assets", len(asset_ids))
        return
    assets_mark_dirty(asset_ids=asset_ids)


def usage_events_process(
    *, event_ids: list[int] | None = None, batch_size: int | None = None
) -> RollupReport:
    """Attribute and roll up unprocessed events (these ids, or any), one batch per
    transaction, until none is left. Safe to run twice or concurrently: processed events
    are skipped, affected rows are recomputed from all stored events.
    """
    from django.conf import settings

    batch_size = batch_size or getattr(settings, "TRACKING_PROCESS_BATCH_SIZE", PROCESS_BATCH_SIZE)
    report = RollupReport()
    while True:
        with transaction.atomic():
            _rollup_lock()
            pending = UsageEvent.objects.filter(processed_at__isnull=True)
            if event_ids is not None:
                # These ids are the trigger, not the limit: once any is still pending, the
                # whole backlog goes in large batches (recomputing a day's rows costs the
                # same for 1 or 5,000 new events), and later tasks find nothing to do.
                if not pending.filter(pk__in=event_ids).exists():
                    break
                event_ids = None
            batch = list(
                pending.order_by("pk").values_list("pk", "asset_id", "deal_id", "occurred_at")[
                    :batch_size
                ]
            )
            if not batch:
                break
            asset_ids = {asset_id for _, asset_id, _, _ in batch}
            days = {occurred_at.astimezone(datetime.UTC).date() for *_, occurred_at in batch}
            deal_ids = {deal_id for _, _, deal_id, _ in batch if deal_id is not None}
            deal_asset_ids = {asset_id for _, asset_id, deal_id, _ in batch if deal_id}
            report.asset_days += _daily_rebuild(asset_ids=asset_ids, days=days)
            if deal_ids:
                report.influences += _influence_rebuild(deal_ids=deal_ids, asset_ids=deal_asset_ids)
            UsageEvent.objects.filter(
                pk__in=[pk for pk, *_ in batch], processed_at__isnull=True
            ).update(processed_at=timezone.now())
            report.events_processed += len(batch)
            changed = asset_popularity_refresh(asset_ids=asset_ids)
            report.assets_refreshed += len(asset_ids)
            report.popularity_changed.extend(changed)
        if len(batch) < batch_size:
            break
    return report


def usage_rollup_run(*, since: datetime.date | None = None) -> RollupReport:
    """Bring attribution, daily rollups and popularity up to date (the ``usage_rollup``
    command and the nightly task). Without ``since`` everything is rebuilt from events;
    with it, days from ``since`` and the deals used since then. Idempotent.
    """
    report = RollupReport()
    with transaction.atomic():
        _rollup_lock()
        if since is None:
            report.asset_days = _daily_rebuild()
            report.influences = _influence_rebuild()
            covered = UsageEvent.objects.filter(processed_at__isnull=True)
        else:
            since_start = _day_bounds(since)[0]
            report.asset_days = _daily_rebuild(since=since)
            deal_ids = set(
                UsageEvent.objects.filter(occurred_at__gte=since_start, deal__isnull=False)
                .values_list("deal_id", flat=True)
                .distinct()
            )
            deal_ids |= set(
                Deal.objects.filter(updated_at__gte=since_start).values_list("pk", flat=True)
            )
            report.influences = _influence_rebuild(deal_ids=deal_ids)
            covered = UsageEvent.objects.filter(
                processed_at__isnull=True, occurred_at__gte=since_start
            )
        report.events_processed = covered.update(processed_at=timezone.now())
    # Anything older than ``since`` that is still pending goes the incremental way.
    incremental = usage_events_process()
    report.events_processed += incremental.events_processed
    with transaction.atomic():
        _rollup_lock()
        report.popularity_changed = asset_popularity_refresh()
    report.assets_refreshed = AssetPopularity.objects.count()
    return report


# ---------------------------------------------------------------------------
# Deals
# ---------------------------------------------------------------------------

# Deal.name and Deal.account are 255 characters; tag names (taggit) 100; usernames 150
# and emails 254.
DEAL_TEXT_MAX_LENGTH = 255
TAG_NAME_MAX_LENGTH = 100
OWNER_KEY_MAX_LENGTH = 254

DEAL_FIELDS = (
    "name",
    "account",
    "segment",
    "stage",
    "amount",
    "currency",
    "owner",
    "created_at",
    "closed_at",
    "status",
)


def deal_upsert(*, external_id: str, **fields) -> tuple[Deal, bool]:
    """Create or update the deal with this CRM id. Returns ``(deal, created)``.

    ``fields`` are model values (``segment``/``stage`` tags, ``owner`` user). When a
    deal's status or close date changes, its events are reprocessed, since whether an
    event influenced the deal depends on when the deal closed.
    """
    unknown = set(fields) - set(DEAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown deal fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        deal = Deal.objects.select_for_update().filter(external_id=external_id).first()
        created = False
        if deal is None:
            defaults = {"name": external_id, "created_at": timezone.now(), **fields}
            try:
                with transaction.atomic():
                    deal = Deal.objects.create(external_id=external_id, **defaults)
                    created = True
            except IntegrityError:  # created concurrently: update it instead
                deal = Deal.objects.select_for_update().get(external_id=external_id)
        if not created:
            attribution_before = (deal.status, deal.closed_at)
            for name, value in fields.items():
                setattr(deal, name, value)
            deal.save()
            if (deal.status, deal.closed_at) != attribution_before:
                _rollup_lock()
                if UsageEvent.objects.filter(deal=deal).update(processed_at=None):
                    _queue_processing(event_ids=None)
    return deal, created


def deal_payload_validate(*, data: dict, partial: bool = False) -> tuple[dict, Errors]:
    """Turn an API/CSV deal payload (names, ISO dates) into ``deal_upsert`` fields.

    ``segment`` and ``stage`` are names of existing tags, ``owner`` a username or email,
    ``currency`` an ISO 4217 code. Text is refused (never cut) when too long or holding
    NUL characters. ``closed_at`` is required for won and lost deals, must be empty for
    open ones and may not be in the future; dates are 2000 or later (no zone means UTC).
    """
    errors: Errors = {}
    fields: dict = {}
    if not isinstance(data, dict):
        return {}, {"deal": ["Must be an object."]}
    now = timezone.now()
    for name in ("name", "account"):
        if name in data:
            value = data[name]
            problem = text_problem(value, max_length=DEAL_TEXT_MAX_LENGTH)
            if not problem and name == "name" and not value.strip():
                problem = "Must be a non-empty string."
            if problem:
                errors[name] = [problem]
            else:
                fields[name] = value.strip()
    if not partial and "name" not in data:
        errors["name"] = ["This field is required."]
    for name, model in (("segment", SegmentTag), ("stage", StageTag)):
        value = data.get(name)
        if value is None or value == "":
            if name in data:
                fields[name] = None
            continue
        problem = text_problem(value, max_length=TAG_NAME_MAX_LENGTH)
        tag = None if problem else model.objects.filter(name__iexact=value.strip()).first()
        if problem:
            errors[name] = [problem]
        elif tag is None:
            errors[name] = [f"Unknown {name} {value!r}."]
        fields[name] = tag
    if "amount" in data:
        amount, problem = parse_amount(data["amount"])
        if problem:
            errors["amount"] = [problem]
        fields["amount"] = amount
    currency = data.get("currency")
    if currency is not None and currency != "":
        code = currency.strip().upper() if isinstance(currency, str) else None
        if code not in ISO_4217_CODES:
            errors["currency"] = ["Must be an ISO 4217 currency code such as EUR or USD."]
        fields["currency"] = code
    owner_key = data.get("owner")
    if owner_key is not None and owner_key != "":
        problem = text_problem(owner_key, max_length=OWNER_KEY_MAX_LENGTH)
        owner = None
        if not problem:
            owner_key = owner_key.strip()
            users = get_user_model().objects.filter(is_active=True)
            owner = users.filter(username=owner_key).first() or (
                users.filter(email__iexact=owner_key).order_by("pk").first()
                if "@" in owner_key
                else None
            )
        if problem:
            errors["owner"] = [problem]
        elif owner is None:
            errors["owner"] = [f"Unknown user {owner_key!r}."]
        fields["owner"] = owner
    elif "owner" in data:
        fields["owner"] = None
    for name in ("created_at", "closed_at"):
        if data.get(name) not in (None, ""):
            parsed = parse_datetime(data[name])
            problem = (
                "Not an ISO 8601 timestamp."
                if parsed is None
                else timestamp_range_problem(parsed, now=now)
            )
            if problem:
                errors[name] = [problem]
            fields[name] = parsed
        elif name in data:
            if name == "created_at":
                errors[name] = ["Must not be empty."]
            fields[name] = None
    if not partial and "created_at" not in data:
        errors.setdefault("created_at", ["This field is required."])
    status = data.get("status", None if partial else Deal.Status.OPEN)
    if status is not None:
        if not isinstance(status, str) or status not in Deal.Status.values:
            errors["status"] = ["Must be one of open, won, lost."]
        else:
            fields["status"] = status
            closed_at = fields.get("closed_at")
            if status == Deal.Status.OPEN and closed_at is not None:
                errors["closed_at"] = ["Must be empty while the deal is open."]
            if status != Deal.Status.OPEN and closed_at is None and "closed_at" not in errors:
                errors["closed_at"] = ["Required when the deal is won or lost."]
    created_at, closed_at = fields.get("created_at"), fields.get("closed_at")
    if created_at and closed_at and closed_at < created_at and "closed_at" not in errors:
        errors["closed_at"] = ["Must not be before created_at."]
    return fields, errors


def deal_external_id_problem(value) -> str:
    """Why ``value`` cannot be a deal's CRM id, or ``""``."""
    if not isinstance(value, str) or not value.strip():
        return "This field is required."
    return text_problem(value, max_length=MAX_EXTERNAL_ID_LENGTH)


@dataclass
class DealBatchResult:
    created: int = 0
    updated: int = 0
    rejected: list[dict] = field(default_factory=list)


def deals_upsert_many(*, items: list) -> DealBatchResult:
    """Upsert deals from an API batch; each item needs ``external_id``; bad items are
    rejected with their index and reasons, the rest saved."""
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} deals per batch")
    result = DealBatchResult()
    for index, item in enumerate(items):
        external_id = item.get("external_id") if isinstance(item, dict) else None
        errors: Errors = {}
        problem = deal_external_id_problem(external_id)
        if problem:
            errors["external_id"] = [problem]
        fields: dict = {}
        if isinstance(item, dict):
            payload = {key: value for key, value in item.items() if key != "external_id"}
            fields, field_errors = deal_payload_validate(data=payload)
            errors.update(field_errors)
        else:
            errors["deal"] = ["Must be an object."]
        if errors:
            shown = shown_identifier(external_id, max_length=MAX_EXTERNAL_ID_LENGTH)
            result.rejected.append({"index": index, "external_id": shown, "errors": errors})
            continue
        _, created = deal_upsert(external_id=external_id.strip(), **fields)
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result


# ---------------------------------------------------------------------------
# Share links
# ---------------------------------------------------------------------------


def share_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLinkError(Exception):
    """Why a share link cannot be created (shown to the salesperson)."""


def share_link_create(
    *, asset, deal: Deal, user, expires_in_days: int = SHARE_LINK_DEFAULT_DAYS
) -> tuple[ShareLink, str]:
    """Create a link showing ``asset`` to the prospect of ``deal``; returns ``(link, token)``.

    The token (256 random bits) is returned once and only its hash stored. The user must
    see the live asset and own the open deal (superusers may share for any open deal).
    Records a ``share`` event on the deal.
    """
    if not asset_is_live(asset=asset) or not asset_is_visible_to(asset=asset, user=user):
        raise ShareLinkError("You cannot share this asset.")
    if deal.status != Deal.Status.OPEN or deal_open_for_user(user=user, deal_id=deal.pk) is None:
        raise ShareLinkError("Pick one of your open deals.")
    if not 1 <= expires_in_days <= SHARE_LINK_MAX_DAYS:
        raise ShareLinkError(f"Links expire after 1 to {SHARE_LINK_MAX_DAYS} days.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        link = ShareLink.objects.create(
            token_hash=share_token_hash(token),
            asset=asset,
            deal=deal,
            created_by=user,
            expires_at=now + datetime.timedelta(days=expires_in_days),
        )
        usage_event_record(
            event_id=uuid.uuid4(),
            asset=asset,
            user=user,
            kind=UsageEvent.Kind.SHARE,
            occurred_at=now,
            deal=deal,
            metadata={"share_link": link.pk, "expires_at": link.expires_at.isoformat()},
        )
    return link, token


def share_link_revoke(*, share_link: ShareLink, user) -> ShareLink:
    """Revoke a link (its creator or a superuser); revoking twice is harmless."""
    if not (user.is_superuser or share_link.created_by_id == user.pk):
        raise PermissionError("Only the person who shared the link can revoke it.")
    if share_link.revoked_at is None:
        share_link.revoked_at = timezone.now()
        share_link.save(update_fields=["revoked_at"])
    return share_link


def share_link_open(*, share_link: ShareLink, download: bool = False, asset=None) -> UsageEvent:
    """Record a prospect opening (or downloading from) a share link: an event on the
    link's deal with no user and ``{"prospect": true}``.

    ``asset`` is what the prospect was shown when it is not the link's own asset (the
    replacement of a retired one); the event then counts for it, with metadata
    ``{"via_retired_asset": <the link's asset id>}``.
    """
    now = timezone.now()
    shown = asset if asset is not None else share_link.asset
    metadata = {"prospect": True, "share_link": share_link.pk}
    if shown.pk != share_link.asset_id:
        metadata["via_retired_asset"] = share_link.asset_id
    if not download:
        ShareLink.objects.filter(pk=share_link.pk).update(opens=F("opens") + 1, last_opened_at=now)
    event, _ = usage_event_record(
        event_id=uuid.uuid4(),
        asset=shown,
        user=None,
        kind=UsageEvent.Kind.DOWNLOAD if download else UsageEvent.Kind.VIEW,
        occurred_at=now,
        deal=share_link.deal,
        metadata=metadata,
    )
    return event
