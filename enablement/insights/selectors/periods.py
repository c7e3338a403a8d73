"""Periods and numbers: date bounds, whole-month splits, medians, money."""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from content.models import TaggedSegment
from enablement.insights.models import Team
from enablement.insights.selectors.results import SIZE_BANDS
from enablement.tracking.models import (
    Deal,
)

CENT = Decimal("0.01")

# Memory a stats statement may sort or hash in (per sort or hash node) on PostgreSQL: a
# year's one pass over 166,861 influences (5,000,000 events) groups 21,000 strata in
# ~20 MB of hash table; the server default (4 MB) sends it to a disk merge sort.
STATS_WORK_MEM = "32MB"


@contextmanager
def aggregates_in_memory() -> Iterator[None]:
    """A block whose statements may sort and hash up to ``STATS_WORK_MEM`` in memory on
    PostgreSQL: a transaction (a savepoint when one is open) with ``work_mem`` set LOCAL,
    so the setting ends with the transaction and never reaches other requests through a
    persistent or pooled (pgbouncer in transaction mode) connection. Costs three
    statements (BEGIN, the setting, COMMIT) once: a block inside another one is free.
    Nothing on other databases."""
    if connection.vendor != "postgresql" or getattr(connection, _IN_MEMORY_FLAG, False):
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [STATS_WORK_MEM])
        setattr(connection, _IN_MEMORY_FLAG, True)
        try:
            yield
        finally:
            setattr(connection, _IN_MEMORY_FLAG, False)


_IN_MEMORY_FLAG = "_insights_aggregates_in_memory"


def period_bounds(*, since: datetime.date, until: datetime.date):
    """Aware datetimes [start, end) covering the inclusive dates ``since``..``until``."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _period_split(
    since: datetime.date, until: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole calendar months inside ``since..until`` (first and last month start,
    inclusive, or ``None``) and the inclusive day ranges left at its edges."""
    first = since if since.day == 1 else _next_month(since)
    after_until = until + datetime.timedelta(days=1)
    # Exclusive end of the whole months: the day after ``until`` if it ends a month.
    end = after_until if after_until.day == 1 else until.replace(day=1)
    if first >= end:
        return None, [(since, until)]
    edges = []
    if since < first:
        edges.append((since, first - datetime.timedelta(days=1)))
    if end <= until:
        edges.append((end, until))
    last = (end - datetime.timedelta(days=1)).replace(day=1)
    return (first, last), edges


def _closed_in(start, end, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status__in": [Deal.Status.WON, Deal.Status.LOST],
            f"{prefix}closed_at__gte": start,
            f"{prefix}closed_at__lt": end,
        }
    )


def _influences_in_period(start, end, influences: QuerySet, *fields: str) -> QuerySet:
    """``fields`` of influences in the period: uses (first to last) overlapping it, or the
    deal closed in it. A UNION rather than an OR, so each side uses its own index
    (the overlap side the covering index of insights' migration 0003)."""
    overlapping = influences.filter(last_used_at__gte=start, first_used_at__lt=end)
    closed = influences.filter(_closed_in(start, end, prefix="deal__"))
    return overlapping.values(*fields).union(closed.values(*fields))


def _closed_deal_sql(*, start, end, segment=None, team=None, asset_ids=None, alias="d"):
    """The WHERE parts of the raw deal-outcome queries: conditions on the closed deals
    with their parameters, and on the influencing assets with theirs. ``alias`` "d":
    columns of ``Deal`` rows (``d.status``); "i": the deal copies on ``DealInfluence``
    rows (``i.deal_status``), which the one pass reads without a join."""
    column = "d." if alias == "d" else "i.deal_"
    deal_conditions = [
        f"{column}status IN (%s, %s)",
        f"{column}closed_at >= %s",
        f"{column}closed_at < %s",
    ]
    # Bounds adapted as the ORM adapts a DateTimeField: SQLite stores naive UTC text, and
    # a raw aware datetime ("... 00:00:00+00:00") would compare as a longer string, so a
    # deal closed exactly at midnight on the 1st would count in the previous month.
    adapt = connection.ops.adapt_datetimefield_value
    deal_params: list = [Deal.Status.WON, Deal.Status.LOST, adapt(start), adapt(end)]
    if segment is not None:
        deal_conditions.append(f"{column}segment_id = %s")
        deal_params.append(segment.pk)
    if team is not None:
        membership = Team.members.through._meta.db_table
        deal_conditions.append(
            f"{column}owner_id IN (SELECT user_id FROM {membership} WHERE team_id = %s)"
        )
        deal_params.append(team.pk)
    asset_conditions = ["1 = 1"]
    asset_params: list = []
    if segment is not None:
        asset_conditions.append(
            f"asset_id IN (SELECT content_object_id FROM {TaggedSegment._meta.db_table} "
            "WHERE tag_id = %s)"
        )
        asset_params.append(segment.pk)
    if asset_ids is not None:
        asset_conditions.append(f"asset_id IN ({', '.join(['%s'] * len(asset_ids))})")
        asset_params.extend(asset_ids)
    return (
        " AND ".join(deal_conditions),
        deal_params,
        " AND ".join(asset_conditions),
        asset_params,
    )


def _days(created_at, closed_at) -> float:
    return (closed_at - created_at).total_seconds() / 86400


def _days_from_microseconds(microseconds: int) -> float:
    return microseconds / 10**6 / 86400


def _median_days(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _median_money(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(CENT) if values else None


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _band_expression(field: str = "amount") -> Case:
    return Case(
        *[
            When(**{f"{field}__lt": upper}, then=Value(index))
            for index, (upper, _) in enumerate(SIZE_BANDS)
            if upper is not None
        ],
        default=Value(len(SIZE_BANDS) - 1),
        output_field=IntegerField(),
    )
