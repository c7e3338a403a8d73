"""Attribution and rollups: derived from stored events by recomputing affected rows, so
processing twice, concurrently or as a full rebuild never double counts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from enablement.tracking.bitmaps import bitmap_bytes, bitmap_from_ids, bitmap_int
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetPopularity,
    AssetUserBitmap,
    AssetUserDailyUsage,
    AssetUserMonthlyUsage,
    Deal,
    DealInfluence,
    UsageEvent,
)
from enablement.tracking.parsing import (
    EVENT_KINDS,
)
from enablement.tracking.services.influences import deal_data_changed, deal_influences_refresh
from enablement.tracking.services.popularity import asset_popularity_refresh

# Any value: the key of the PostgreSQL advisory lock that serialises rollup writers.
ROLLUP_LOCK_KEY = 4_417_001
PROCESS_BATCH_SIZE = 20000


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
    bitmap_scope = Q(grain=AssetUserBitmap.Grain.DAY)
    if asset_ids is not None:
        events = events.filter(asset_id__in=asset_ids)
        rollup_scope &= Q(asset_id__in=asset_ids)
        bitmap_scope &= Q(asset_id__in=asset_ids)
    if days is not None:
        days = sorted(days)
        events = events.filter(
            occurred_at__gte=_day_bounds(days[0])[0], occurred_at__lt=_day_bounds(days[-1])[1]
        )
        rollup_scope &= Q(day__in=days)
        bitmap_scope &= Q(start__in=days)
    if since is not None:
        events = events.filter(occurred_at__gte=_day_bounds(since)[0])
        rollup_scope &= Q(day__gte=since)
        bitmap_scope &= Q(start__gte=since)
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
    _bitmaps_replace(
        AssetUserBitmap.objects.filter(bitmap_scope),
        ((row.asset_id, row.day, row.user_id) for row in per_user),
        grain=AssetUserBitmap.Grain.DAY,
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
    bitmap_scope = Q(grain=AssetUserBitmap.Grain.MONTH)
    # The days of the touched months (for the prefix and suffix bitmaps).
    days_scope = Q()
    if asset_ids is not None:
        daily = daily.filter(asset_id__in=asset_ids)
        scope &= Q(asset_id__in=asset_ids)
        bitmap_scope &= Q(asset_id__in=asset_ids)
        days_scope &= Q(asset_id__in=asset_ids)
    if days is not None:
        months = sorted({_month_start(day) for day in days})
        month_q = Q()
        start_q = Q()
        for month in months:
            next_month = (month + datetime.timedelta(days=32)).replace(day=1)
            month_q |= Q(day__gte=month, day__lt=next_month)
            start_q |= Q(start__gte=month, start__lt=next_month)
        daily = daily.filter(month_q)
        scope &= Q(month__in=months)
        bitmap_scope &= Q(start__in=months)
        days_scope &= start_q
    if since is not None:
        daily = daily.filter(day__gte=_month_start(since))
        scope &= Q(month__gte=_month_start(since))
        bitmap_scope &= Q(start__gte=_month_start(since))
        days_scope &= Q(start__gte=_month_start(since))
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
    _bitmaps_replace(
        AssetUserBitmap.objects.filter(bitmap_scope),
        ((row.asset_id, row.month, row.user_id) for row in rows),
        grain=AssetUserBitmap.Grain.MONTH,
    )
    _runs_rebuild(days_scope)


def _month_runs(days: list[tuple[datetime.date, int]]) -> list[tuple[str, datetime.date, int]]:
    """One asset's month of daily bitmaps (``(day, int)``, ascending) as its prefix and
    suffix bitmaps ``(grain, start, int)`` for every calendar day of the month: users from
    the 1st to that day, and from that day to the month's end (empty ones left out)."""
    grains = AssetUserBitmap.Grain
    by_day = dict(days)
    month = _month_start(days[0][0])
    calendar = [
        month + datetime.timedelta(days=offset)
        for offset in range(((month + datetime.timedelta(days=32)).replace(day=1) - month).days)
    ]
    runs = []
    for grain, order in ((grains.PREFIX, calendar), (grains.SUFFIX, calendar[::-1])):
        union = 0
        for day in order:
            union |= by_day.get(day, 0)
            if union:
                runs.append((grain, day, union))
    return runs


def _runs_rebuild(days_scope: Q) -> None:
    """Recompute the prefix and suffix bitmaps of the months in ``days_scope`` (a filter
    on ``AssetUserBitmap``'s asset and start covering whole months) from the daily ones."""
    grains = AssetUserBitmap.Grain
    months: dict[tuple[int, datetime.date], list] = defaultdict(list)
    for asset_id, day, bits in (
        AssetUserBitmap.objects.filter(days_scope, grain=grains.DAY)
        .order_by("asset_id", "start")
        .values_list("asset_id", "start", "bits")
    ):
        months[(asset_id, _month_start(day))].append((day, bitmap_int(bits)))
    rows = [
        AssetUserBitmap(asset_id=asset_id, grain=grain, start=start, bits=bitmap_bytes(bits))
        for (asset_id, _), days in months.items()
        for grain, start, bits in _month_runs(days)
    ]
    _rows_replace(
        AssetUserBitmap.objects.filter(days_scope, grain__in=[grains.PREFIX, grains.SUFFIX]),
        rows,
        key=("asset_id", "grain", "start"),
        values=("bits",),
    )


def _bitmaps_replace(scope, triples, *, grain: str) -> None:
    """Make the user bitmaps in ``scope`` those of ``(asset_id, start, user_id)`` triples."""
    users: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
    for asset_id, start, user_id in triples:
        users[(asset_id, start)].append(user_id)
    _rows_replace(
        scope,
        [
            AssetUserBitmap(asset_id=asset_id, grain=grain, start=start, bits=bitmap_from_ids(ids))
            for (asset_id, start), ids in users.items()
        ],
        key=("asset_id", "grain", "start"),
        values=("bits",),
    )


def user_bitmaps_rebuild() -> int:
    """Rebuild every ``AssetUserBitmap`` from the per-user daily rows (the backfill of
    ``usage_rollup --bitmaps`` and the benchmark), streaming them in (asset, day) order,
    then the prefix and suffix bitmaps a hundred assets at a time. Returns the number of
    bitmaps."""
    grains = AssetUserBitmap.Grain
    batch: list[AssetUserBitmap] = []

    def close(key, grain: str, ids) -> None:
        if key is not None:
            batch.append(
                AssetUserBitmap(
                    asset_id=key[0], grain=grain, start=key[1], bits=bitmap_from_ids(ids)
                )
            )
        if len(batch) >= 5000:
            AssetUserBitmap.objects.bulk_create(batch)
            batch.clear()

    with transaction.atomic():
        _rollup_lock()
        AssetUserBitmap.objects.all().delete()
        day_key = month_key = None
        day_users: list[int] = []
        month_users: set[int] = set()
        for asset_id, day, user_id in (
            AssetUserDailyUsage.objects.order_by("asset_id", "day")
            .values_list("asset_id", "day", "user_id")
            .iterator(chunk_size=20000)
        ):
            if (asset_id, day) != day_key:
                close(day_key, grains.DAY, day_users)
                day_key, day_users = (asset_id, day), []
            if (asset_id, _month_start(day)) != month_key:
                close(month_key, grains.MONTH, month_users)
                month_key, month_users = (asset_id, _month_start(day)), set()
            day_users.append(user_id)
            month_users.add(user_id)
        close(day_key, grains.DAY, day_users)
        close(month_key, grains.MONTH, month_users)
        AssetUserBitmap.objects.bulk_create(batch)
        asset_ids = sorted(
            AssetUserBitmap.objects.values_list("asset_id", flat=True).distinct().order_by()
        )
        for first in range(0, len(asset_ids), 100):
            _runs_rebuild(Q(asset_id__in=asset_ids[first : first + 100]))
    return AssetUserBitmap.objects.count()


def _rows_replace(scope, rows: list, *, key: tuple[str, ...], values: tuple[str, ...]) -> bool:
    """Make the rows in ``scope`` equal ``rows``, writing only those that differ (a batch of
    events changes a few rows in a wide scope; rewriting all of them would dominate).
    Returns whether any row was written."""
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
    return bool(stale or wanted)


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
    if _rows_replace(
        DealInfluence.objects.filter(scope),
        rows,
        key=("deal_id", "asset_id"),
        values=("first_used_at", "last_used_at", "uses"),
    ):
        deal_data_changed()  # which deals have content: insights' account values
    # New rows carry no deal copies yet, and a deal's influence count moves with any
    # added or removed row: refresh the copies of every deal in scope.
    deal_influences_refresh(deal_ids=deal_ids)
    return len(rows)


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
        # The sweep: any influence whose deal copies a missed write left stale (a deal
        # changed by a bulk update) is repaired here; only differing rows are written.
        # Figures cached under the deal-data generation are recomputed once after it.
        deal_influences_refresh()
        deal_data_changed()
        report.popularity_changed = asset_popularity_refresh()
    report.assets_refreshed = AssetPopularity.objects.count()
    return report
