"""Periods and numbers: date bounds, whole-month splits, medians, money."""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal

from django.db.models import (
    Q,
    QuerySet,
)
from django.utils import timezone

from enablement.tracking.models import (
    Deal,
)

CENT = Decimal("0.01")


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


def _influence_rows_in_period(start, end, influences: QuerySet, *fields: str) -> QuerySet:
    """``fields`` of each influence in the period exactly once (as ``_influences_in_period``
    but not deduplicated, so not sorted): the overlapping ones, UNION ALL the ones whose
    deal closed in the period without overlapping it. Each ``DealInfluence`` row is one
    (deal, asset) pair, so counting these rows per asset counts distinct deals."""
    overlap = Q(last_used_at__gte=start, first_used_at__lt=end)
    overlapping = influences.filter(overlap)
    closed = influences.filter(_closed_in(start, end, prefix="deal__")).exclude(overlap)
    return overlapping.values(*fields).union(closed.values(*fields), all=True)


def _days(created_at, closed_at) -> float:
    return (closed_at - created_at).total_seconds() / 86400


def _median_days(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _median_money(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(CENT) if values else None


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)
