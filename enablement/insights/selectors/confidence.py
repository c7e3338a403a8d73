"""How sure are the influence figures? Intervals and like-for-like (stratified) lifts.

The figures are DESIGN §6's, from the same rows the other selectors read (closed deals of
the period with ``_closed_in``/``_deal_filter``, influence from ``DealInfluence``); this
module only adds how sure each one is (``enablement.insights.statistics``):

- win rates get a 95 % Wilson interval, ``None`` where the rate itself is "not enough
  data" (below ``MIN_CLOSED_DEALS`` closed deals): the existing rule stays;
- an asset's raw lift (asset win rate - baseline) gets an interval from Newcombe's
  interval for the asset's deals against the period's other closed deals: with ``n1``
  deals of the asset among ``N`` closed deals, lift = (n0 / N) · (p1 - p0) exactly, so
  its interval is Newcombe's scaled by n0 / N;
- the **stratified lift** compares the asset's deals only with other deals of the same
  stratum (segment x stage reached x size band, see ``SIZE_BANDS``) and pools the strata
  with Mantel-Haenszel weights n1·n0/N (close to "weighted by the asset's deals" when the
  asset is in a minority of a stratum's deals), with Sato's variance. Strata where every
  deal, or no deal, used the asset cannot compare anything and carry no weight;
- the verdict: ``keep`` when the stratified lift's interval is above zero, ``fix`` when
  it is below zero (either with at least ``MIN_VERDICT_DEALS`` comparable deals), else
  ``unknown``, with the number of the asset's closed deals an
  interval narrow enough to decide would need (``deals_needed``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.db.models import (
    Count,
    Q,
)

from content.models import SegmentTag
from enablement.insights import statistics
from enablement.insights.models import Team
from enablement.insights.selectors.assets import (
    AssetDeals,
    _asset_deal_strata,
    asset_performance,
)
from enablement.insights.selectors.periods import (
    _band_expression,
    _closed_in,
    aggregates_in_memory,
    period_bounds,
)
from enablement.insights.selectors.results import (
    MIN_CLOSED_DEALS,
    AssetPerformance,
    WinRate,
)
from enablement.insights.selectors.usage import _deal_filter
from enablement.tracking.models import Deal, deal_size_band

# The smallest lift worth acting on: an "unknown" asset's deals needed are for an
# interval no wider than ± this (or ± its own lift, if larger).
DECISION_LIFT = 0.10
# A verdict (keep / fix) needs at least this many of the asset's deals in strata with a
# comparison: below it the interval's normal approximation is too optimistic (a 0-of-6
# asset would look "clearly" bad).
MIN_VERDICT_DEALS = 10

KEEP, FIX, UNKNOWN = "keep", "fix", "unknown"

Interval = tuple[float, float]


def size_band(amount) -> int:
    """The index in ``SIZE_BANDS`` of a deal amount."""
    return deal_size_band(amount)


@dataclass(frozen=True)
class AssetConfidence:
    asset_id: int
    win_rate: WinRate  # the asset's closed deals in the period (as asset_performance)
    others: WinRate  # the period's other closed deals (same filters)
    win_rate_ci: Interval | None
    win_rate_lift: float | None  # raw: asset win rate - baseline (DESIGN §6)
    win_rate_lift_ci: Interval | None
    stratified_lift: float | None
    stratified_lift_ci: Interval | None
    compared_deals: int  # the asset's deals in strata that have a comparison
    verdict: str
    deals_needed: int | None  # closed deals of the asset to decide, when unknown

    @property
    def more_deals_needed(self) -> int | None:
        if self.deals_needed is None:
            return None
        return max(0, self.deals_needed - self.win_rate.closed)


def asset_confidence(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    asset_ids: list[int] | None = None,
) -> dict[int, AssetConfidence]:
    """Per asset with closed deals in the period (others: see ``no_deals``). Two queries:
    closed deals per stratum, and each asset's closed deals per stratum."""
    if asset_ids is not None and not asset_ids:
        return {}
    start, end = period_bounds(since=since, until=until)
    totals = _strata_totals(start=start, end=end, segment=segment, team=team)
    by_asset = _asset_deal_strata(
        start=start, end=end, segment=segment, team=team, asset_ids=asset_ids, rates={}
    )
    return _confidence_by_asset(totals, by_asset)


def asset_stats(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    asset_ids: list[int] | None = None,
) -> tuple[list[AssetPerformance], dict[int, AssetConfidence]]:
    """``asset_performance`` and ``asset_confidence`` together, as the stats API and the
    dashboards show them: the closed deals' influences are read once for both (outcomes
    and strata), and the baseline comes from the strata totals. Seven queries (on
    PostgreSQL + 3: every statement may hash in memory, ``aggregates_in_memory``)."""
    if asset_ids is not None and not asset_ids:
        return [], {}
    start, end = period_bounds(since=since, until=until)
    with aggregates_in_memory():
        totals = _strata_totals(start=start, end=end, segment=segment, team=team)
        by_asset = _asset_deal_strata(
            start=start, end=end, segment=segment, team=team, asset_ids=asset_ids
        )
        rows = asset_performance(
            since=since,
            until=until,
            segment=segment,
            team=team,
            asset_ids=asset_ids,
            deals=by_asset,
            baseline=_baseline(totals),
        )
    return rows, _confidence_by_asset(totals, by_asset)


def _strata_totals(*, start, end, segment=None, team=None) -> dict[tuple, tuple[int, int]]:
    """The period's closed deals per stratum: (won, closed)."""
    strata_keys = ("segment_id", "stage_id", "band")
    return {
        tuple(row[k] for k in strata_keys): (row["won"], row["closed"])
        for row in (
            Deal.objects.filter(_closed_in(start, end))
            .filter(_deal_filter(segment=segment, team=team))
            .annotate(band=_band_expression())
            .order_by()
            .values(*strata_keys)
            .annotate(
                won=Count("pk", filter=Q(status=Deal.Status.WON)),
                closed=Count("pk"),
            )
        )
    }


def _baseline(totals: dict[tuple, tuple[int, int]]) -> WinRate:
    return WinRate(
        won=sum(w for w, _ in totals.values()),
        lost=sum(n - w for w, n in totals.values()),
    )


def _confidence_by_asset(totals, by_asset: dict[int, AssetDeals]) -> dict[int, AssetConfidence]:
    """``_asset_figures`` of every asset, computed over arrays (numpy) in one go: the same
    floats (``statistics``' array functions repeat the scalar operations in order), about
    ten times faster for 1,500 assets and 22,000 strata."""
    baseline = _baseline(totals)
    asset_ids = list(by_asset)
    size = len(asset_ids)
    if not size:
        return {}
    groups, tables = [], []
    for index, deals in enumerate(by_asset.values()):
        for key, (w, n) in deals.strata.items():
            total_won, total_closed = totals[key]
            groups.append(index)
            tables.append((w, n, total_won - w, total_closed - n))
    groups_array = np.asarray(groups, dtype=np.int64)
    table_array = np.asarray(tables, dtype=np.int64).reshape(-1, 4)
    won = np.bincount(groups_array, weights=table_array[:, 0], minlength=size).astype(np.int64)
    closed = np.bincount(groups_array, weights=table_array[:, 1], minlength=size).astype(np.int64)
    others_won = baseline.won - won
    others_closed = baseline.closed - closed
    baseline_rate = baseline.rate
    enough = (closed >= MIN_CLOSED_DEALS) & (baseline_rate is not None)

    safe_closed = np.where(closed > 0, closed, 1)
    rate = won / safe_closed
    rate_low, rate_high = statistics.wilson_intervals(won, safe_closed)
    compare = enough & (others_closed > 0)
    safe_others = np.where(others_closed > 0, others_closed, 1)
    lift_low, lift_high = statistics.newcombe_intervals(won, safe_closed, others_won, safe_others)
    scale = others_closed / baseline.closed if baseline.closed else np.zeros(size)
    lift_low, lift_high = scale * lift_low, scale * lift_high
    pooled = statistics.mantel_haenszel_groups(groups_array, table_array, size=size)
    has_stratified = enough & (pooled.strata > 0) & (pooled.exposed >= MIN_CLOSED_DEALS)
    decidable = has_stratified & (pooled.exposed >= MIN_VERDICT_DEALS)
    keep = decidable & (pooled.low > 0)
    fix = decidable & ~keep & (pooled.high < 0)

    # Deals needed, for the unknown ones (as ``_asset_figures``).
    fallback = baseline_rate if baseline_rate else 0.5
    lift = rate - (baseline_rate or 0.0)
    effect = np.abs(np.where(has_stratified, pooled.estimate, np.where(enough, lift, 0.0)))
    p1 = np.where(closed >= MIN_CLOSED_DEALS, rate, fallback)
    others_rate = others_won / safe_others
    p0 = np.where(others_closed >= MIN_CLOSED_DEALS, others_rate, fallback)
    ratio = np.where((closed > 0) & (others_closed > 0), others_closed / safe_closed, 1.0)
    needed = np.maximum(
        MIN_VERDICT_DEALS,
        statistics.deals_needed_many(
            p1,
            p0,
            width=2 * np.maximum(effect, DECISION_LIFT),
            ratio=np.maximum(ratio, 0.05),
        ),
    )

    results = {}
    for index, asset_id in enumerate(asset_ids):
        is_enough = bool(enough[index])
        stratified = bool(has_stratified[index])
        verdict = KEEP if keep[index] else FIX if fix[index] else UNKNOWN
        if not is_enough:
            lift_ci = None
        elif not compare[index]:
            lift_ci = (0.0, 0.0)
        else:
            lift_ci = (float(lift_low[index]), float(lift_high[index]))
        results[asset_id] = AssetConfidence(
            asset_id=asset_id,
            win_rate=WinRate(won=int(won[index]), lost=int(closed[index] - won[index])),
            others=WinRate(
                won=int(others_won[index]), lost=int(others_closed[index] - others_won[index])
            ),
            win_rate_ci=((float(rate_low[index]), float(rate_high[index])) if is_enough else None),
            win_rate_lift=float(lift[index]) if is_enough else None,
            win_rate_lift_ci=lift_ci,
            stratified_lift=float(pooled.estimate[index]) if stratified else None,
            stratified_lift_ci=(
                (float(pooled.low[index]), float(pooled.high[index])) if stratified else None
            ),
            compared_deals=int(pooled.exposed[index]) if pooled.strata[index] else 0,
            verdict=verdict,
            deals_needed=None if verdict != UNKNOWN else int(needed[index]),
        )
    return results


def no_deals(asset_id: int, baseline: WinRate | None = None) -> AssetConfidence:
    """The figures of an asset without closed deals in the period: all unknown."""
    rate = baseline.rate if baseline is not None and baseline.rate is not None else 0.5
    return AssetConfidence(
        asset_id=asset_id,
        win_rate=WinRate(0, 0),
        others=baseline or WinRate(0, 0),
        win_rate_ci=None,
        win_rate_lift=None,
        win_rate_lift_ci=None,
        stratified_lift=None,
        stratified_lift_ci=None,
        compared_deals=0,
        verdict=UNKNOWN,
        deals_needed=statistics.deals_needed(rate, rate, width=2 * DECISION_LIFT),
    )


def _asset_figures(asset_id, strata, totals, baseline: WinRate) -> AssetConfidence:
    won = sum(w for w, _ in strata.values())
    closed = sum(n for _, n in strata.values())
    rate = WinRate(won=won, lost=closed - won)
    others = WinRate(won=baseline.won - won, lost=baseline.lost - rate.lost)
    enough = rate.rate is not None and baseline.rate is not None

    lift = lift_ci = rate_ci = None
    if enough:
        rate_ci = statistics.wilson_interval(won, closed)
        lift = rate.rate - baseline.rate
        if others.closed == 0:  # every closed deal used it: the lift is 0 by definition
            lift_ci = (0.0, 0.0)
        else:
            scale = others.closed / baseline.closed
            low, high = statistics.newcombe_interval(won, closed, others.won, others.closed)
            lift_ci = (scale * low, scale * high)

    pooled = statistics.mantel_haenszel_counts(
        (w, n, totals[key][0] - w, totals[key][1] - n) for key, (w, n) in strata.items()
    )
    stratified = stratified_ci = None
    compared = pooled.exposed if pooled is not None else 0
    if enough and pooled is not None and compared >= MIN_CLOSED_DEALS:
        stratified, stratified_ci = pooled.estimate, pooled.interval

    verdict, needed = UNKNOWN, None
    decidable = stratified_ci is not None and compared >= MIN_VERDICT_DEALS
    if decidable and stratified_ci[0] > 0:
        verdict = KEEP
    elif decidable and stratified_ci[1] < 0:
        verdict = FIX
    else:
        effect = abs(stratified if stratified is not None else (lift or 0.0))
        p1 = rate.rate if rate.rate is not None else (baseline.rate or 0.5)
        p0 = others.rate if others.rate is not None else (baseline.rate or 0.5)
        ratio = others.closed / closed if closed and others.closed else 1.0
        needed = max(
            MIN_VERDICT_DEALS,
            statistics.deals_needed(
                p1, p0, width=2 * max(effect, DECISION_LIFT), ratio=max(ratio, 0.05)
            ),
        )
    return AssetConfidence(
        asset_id=asset_id,
        win_rate=rate,
        others=others,
        win_rate_ci=rate_ci,
        win_rate_lift=lift,
        win_rate_lift_ci=lift_ci,
        stratified_lift=stratified,
        stratified_lift_ci=stratified_ci,
        compared_deals=compared,
        verdict=verdict,
        deals_needed=needed,
    )
