"""Building blocks over the rollups: usage rows, distinct users, teams, deal filters."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from content.models import AssetPage, SegmentTag, TaggedSegment
from content.selectors import assets_live
from enablement.insights.models import Team
from enablement.insights.selectors.periods import (
    _next_month,
    _period_split,
)
from enablement.tracking.bitmaps import bitmap_from_ids, bitmap_int
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetUserBitmap,
    AssetUserDailyUsage,
    AssetUserMonthlyUsage,
)


def sales_teams() -> QuerySet[Team]:
    """The teams the Team filter offers: ``Team`` rows (never permission groups)."""
    return Team.objects.order_by("name")


def live_assets(*, segment: SegmentTag | None = None) -> QuerySet[AssetPage]:
    """Live-now assets (``content.selectors.assets_live``), restricted ones included."""
    queryset = assets_live()
    if segment is not None:
        queryset = queryset.filter(tagged_segments__tag=segment)
    return queryset


def assets_unused(
    *,
    since,
    until,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    published_before=None,
) -> QuerySet[AssetPage]:
    """Unused content, the one definition (DESIGN §6): live assets with no usage rollup row
    in the period (``since``..``until`` inclusive; with ``team``, none by its members).

    ``published_before`` (a datetime) keeps only assets first published before it: the
    marketing report passes the start of its window so an asset published last week is not
    yet called unused. The dashboard's share of the live library passes nothing.
    """
    used = _asset_usage(since=since, until=until, segment=segment, team=team).filter(uses__gt=0)
    queryset = live_assets(segment=segment)
    if published_before is not None:
        queryset = queryset.filter(first_published_at__lt=published_before)
    # EXISTS per live asset probes the (asset, day) unique index; an IN would be re-scanned.
    return queryset.exclude(Exists(used.filter(asset_id=OuterRef("pk"))))


def _asset_usage(*, since, until, segment=None, team=None) -> QuerySet:
    """Per-day usage rows: all events, or only team members' events."""
    if team is not None:
        queryset = AssetUserDailyUsage.objects.filter(user__sales_teams=team)
    else:
        queryset = AssetDailyUsage.objects.all()
    queryset = queryset.filter(day__gte=since, day__lte=until)
    if segment is not None:
        queryset = queryset.filter(asset__tagged_segments__tag=segment)
    return queryset


def _user_usage(*, since, until, segment=None, team=None) -> QuerySet:
    queryset = AssetUserDailyUsage.objects.filter(day__gte=since, day__lte=until)
    if team is not None:
        queryset = queryset.filter(user__sales_teams=team)
    if segment is not None:
        queryset = queryset.filter(asset__tagged_segments__tag=segment)
    return queryset


def _user_usage_parts(
    *, since, until, segment=None, team=None, asset_ids=None
) -> tuple[QuerySet | None, list[QuerySet]]:
    """Per-user usage for distinct-user counts: monthly rows for the whole months of the
    period, daily rows for the partial months at its edges (a 365-day period reads ~12
    monthly rows per asset and user instead of ~365 daily ones). Same users either way."""
    months, edges = _period_split(since, until)
    monthly = None
    if months is not None:
        monthly = AssetUserMonthlyUsage.objects.filter(month__gte=months[0], month__lte=months[1])
    daily = [_user_usage(since=first, until=last) for first, last in edges]
    parts = [part for part in [monthly, *daily] if part is not None]
    narrowed = []
    for part in parts:
        if team is not None:
            part = part.filter(user__sales_teams=team)
        if segment is not None:
            part = part.filter(asset__tagged_segments__tag=segment)
        if asset_ids is not None:
            part = part.filter(asset_id__in=asset_ids)
        narrowed.append(part)
    if monthly is None:
        return None, narrowed
    return narrowed[0], narrowed[1:]


def _bitmap_pieces(since, until) -> Q:
    """The ``AssetUserBitmap`` rows whose union is each asset's users over
    ``since..until``: whole months, a suffix row for a partial month at the start (its
    first day to the month's end), a prefix row for one at the end (the 1st to its last
    day), daily rows only for a stretch inside one month touching neither end. A year
    is <= 14 rows per asset, a 30-day period 2."""
    grains = AssetUserBitmap.Grain
    months, edges = _period_split(since, until)
    pieces = Q()
    if months is not None:
        pieces |= Q(grain=grains.MONTH, start__gte=months[0], start__lte=months[1])
    for first, last in edges:
        while first <= last:
            month_end = _next_month(first) - datetime.timedelta(days=1)
            stop = min(last, month_end)
            if first.day == 1 and stop == month_end:
                pieces |= Q(grain=grains.MONTH, start=first)
            elif first.day == 1:
                pieces |= Q(grain=grains.PREFIX, start=stop)
            elif stop == month_end:
                pieces |= Q(grain=grains.SUFFIX, start=first)
            else:
                pieces |= Q(grain=grains.DAY, start__gte=first, start__lte=stop)
            first = stop + datetime.timedelta(days=1)
    return pieces


def _user_bitmaps(*, since, until, segment=None, asset_ids=None) -> QuerySet:
    """The user bitmaps covering the period (``_bitmap_pieces``), narrowed to assets."""
    queryset = AssetUserBitmap.objects.filter(_bitmap_pieces(since, until))
    if segment is not None:
        queryset = queryset.filter(
            asset_id__in=TaggedSegment.objects.filter(tag=segment).values("content_object_id")
        )
    if asset_ids is not None:
        queryset = queryset.filter(asset_id__in=asset_ids)
    return queryset


def _bitmap_counts(bitmaps: QuerySet, *, team=None, by_asset: bool) -> dict:
    """Distinct users in the union of ``bitmaps``, per asset (or under the key ``None``),
    only the team's members with ``team``. Exact: a bit per user, no estimate.

    PostgreSQL ORs the bitmaps as bit strings padded to the longest (``bit_count``, one
    statement, a few rows per asset); elsewhere Python ORs them as ints.
    """
    team_bits = None
    if team is not None:
        team_bits = bitmap_from_ids(team.members.values_list("pk", flat=True))
    if connection.vendor != "postgresql":
        unions: dict = defaultdict(int)
        for asset_id, bits in bitmaps.values_list("asset_id", "bits"):
            unions[asset_id if by_asset else None] |= bitmap_int(bits)
        mask = -1 if team_bits is None else bitmap_int(team_bits)
        return {key: (union & mask).bit_count() for key, union in unions.items()}
    sql, params = bitmaps.order_by().values("asset_id", "bits").query.sql_with_params()
    union = "bit_or(('x' || rpad(encode(b.bits, 'hex'), w.len, '0'))::varbit)"
    params = list(params)
    if team_bits is not None:
        # rpad also cuts a longer team bitmap to the same length.
        union = f"({union} & ('x' || rpad(encode(%s::bytea, 'hex'), w.len, '0'))::varbit)"
        params.append(team_bits)
    key = "b.asset_id" if by_asset else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH b AS ({sql}), w AS (SELECT max(octet_length(bits)) * 2 AS len FROM b) "
            f"SELECT {key}, bit_count({union}) FROM b CROSS JOIN w "
            f"GROUP BY {'b.asset_id, ' if by_asset else ''}w.len",
            params,
        )
        return {asset_id: int(count or 0) for asset_id, count in cursor.fetchall()}


def _active_user_count(*, since, until, segment=None, team=None) -> int:
    """Distinct users with usage in the period (on assets of ``segment``; members of
    ``team``): the bit count of the union of every bitmap of the period. One query (two
    with ``team``)."""
    bitmaps = _user_bitmaps(since=since, until=until, segment=segment)
    return _bitmap_counts(bitmaps, team=team, by_asset=False).get(None, 0)


def _users_by_asset(*, since, until, segment=None, team=None, asset_ids=None) -> dict[int, int]:
    """Distinct users per asset over the period, from the per-asset user bitmaps."""
    bitmaps = _user_bitmaps(since=since, until=until, segment=segment, asset_ids=asset_ids)
    return _bitmap_counts(bitmaps, team=team, by_asset=True)


def _deal_filter(*, segment=None, team=None, prefix: str = "") -> Q:
    condition = Q()
    if segment is not None:
        condition &= Q(**{f"{prefix}segment": segment})
    if team is not None:
        condition &= Q(**{f"{prefix}owner__sales_teams": team})
    return condition
