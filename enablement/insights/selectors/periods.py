"""Periods and numbers: date bounds, whole-month splits, medians, money."""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from enablement.insights.selectors.results import SIZE_BANDS
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
    # The influence's deal copies: no join to deals (``DealInfluence.deal_status``).
    closed = influences.filter(_closed_in(start, end, prefix="deal_")).exclude(overlap)
    return overlapping.values(*fields).union(closed.values(*fields), all=True)


def _days(created_at, closed_at) -> float:
    return (closed_at - created_at).total_seconds() / 86400


class MicrosecondsBetween(Func):
    """Whole microseconds from ``start`` to ``end`` (two datetime fields), computed by the
    database: 20,000 closed deals' two datetimes cost ~0.5 s to parse in Python, one
    integer each almost nothing. ``_days_from_microseconds`` turns it into ``_days``'s
    figure exactly (``timedelta.total_seconds()`` is the same ``microseconds / 10**6``)."""

    output_field = BigIntegerField()

    def __init__(self, end: str, start: str):
        super().__init__(F(end), F(start))

    def as_sql(self, compiler, connection, **extra):  # SQLite: Django's own UDF
        return self.as_sql_template(compiler, connection, "django_timestamp_diff(%s, %s)")

    def as_postgresql(self, compiler, connection, **extra):
        template = "(EXTRACT(EPOCH FROM (%s - %s)) * 1000000)::bigint"
        return self.as_sql_template(compiler, connection, template)

    def as_sql_template(self, compiler, connection, template):
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return template % (end_sql, start_sql), (*end_params, *start_params)


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
