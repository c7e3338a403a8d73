"""An asset and its linked translations counted as one (a manager's choice on the asset
page): "usage of either counts for the pair"."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.db import connection

from content.models import AssetPage, SegmentTag
from enablement.insights.models import Team
from enablement.insights.selectors.assets import _asset_outcomes, asset_performance
from enablement.insights.selectors.library import baseline_win_rate
from enablement.insights.selectors.periods import _influences_in_period, _money, period_bounds
from enablement.insights.selectors.results import AssetPerformance, WinRate
from enablement.insights.selectors.usage import _deal_filter, _user_usage_parts
from enablement.tracking.models import DealInfluence


def asset_group_performance(
    *,
    asset: AssetPage,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
) -> AssetPerformance | None:
    """``asset_performance`` of ``asset`` with its translation group counted as one asset:
    uses added up; users, deals influenced, won and lost counted once each across the
    group; attributed revenue the group's shares together. ``None`` when nothing of the
    group is live or active (as ``asset_performance`` leaves it out)."""
    ids = asset.translation_group_ids()
    rows = asset_performance(since=since, until=until, segment=segment, team=team, asset_ids=ids)
    own = next((row for row in rows if row.asset_id == asset.pk), None)
    if own is None or len(ids) == 1:
        return own
    start, end = period_bounds(since=since, until=until)
    won, lost, revenue, attributed = _asset_outcomes(
        start=start, end=end, segment=segment, team=team, asset_ids=ids, group_key=asset.pk
    ).get(asset.pk, (0, 0, None, None))
    rate = WinRate(won=won, lost=lost)
    baseline = baseline_win_rate(since=since, until=until, segment=segment, team=team)
    lift = (
        rate.rate - baseline.rate if rate.rate is not None and baseline.rate is not None else None
    )
    last_used = [row.last_used_at for row in rows if row.last_used_at]
    return replace(
        own,
        uses=sum(row.uses for row in rows),
        users=_distinct_users(since=since, until=until, segment=segment, team=team, ids=ids),
        deals_influenced=_distinct_deals(start, end, segment=segment, team=team, ids=ids),
        deals_won=won,
        deals_lost=lost,
        win_rate=rate.rate,
        win_rate_lift=lift,
        influenced_revenue=_money(revenue),
        attributed_revenue=_money(attributed),
        last_used_at=max(last_used) if last_used else None,
    )


def _count_distinct(queryset_sql: tuple[str, list], column: str) -> int:
    sql, params = queryset_sql
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT {column}) FROM ({sql}) rows", params)
        return int(cursor.fetchone()[0] or 0)


def _distinct_users(*, since, until, segment, team, ids) -> int:
    monthly, daily = _user_usage_parts(
        since=since, until=until, segment=segment, team=team, asset_ids=ids
    )
    parts = [part.order_by().values("user_id") for part in [monthly, *daily] if part is not None]
    if not parts:
        return 0
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return _count_distinct(union.query.sql_with_params(), "user_id")


def _distinct_deals(start, end, *, segment, team, ids) -> int:
    influences = DealInfluence.objects.filter(
        _deal_filter(segment=segment, team=team, prefix="deal__"), asset_id__in=ids
    )
    if segment is not None:
        influences = influences.filter(asset__tagged_segments__tag=segment)
    pairs = _influences_in_period(start, end, influences, "deal_id")
    return _count_distinct(pairs.query.sql_with_params(), "deal_id")
