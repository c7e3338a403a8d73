"""Library-level: how sure the with-content vs without-content figures are (win rates,
raw and like-for-like lift, days to close, revenue per deal), and one asset's value
estimates. The same rules as ``confidence`` (which holds the per-asset figures): Wilson
intervals on rates, Newcombe on differences, Mantel-Haenszel over the strata, a seeded
bootstrap for medians and means (``enablement.insights.statistics``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from content.models import SegmentTag
from enablement.insights import statistics
from enablement.insights.models import Team
from enablement.insights.selectors.confidence import Interval
from enablement.insights.selectors.library import ClosedDeal, _closed_deal_rows, summary
from enablement.insights.selectors.periods import (
    _closed_in,
    _days,
    _days_from_microseconds,
    aggregates_in_memory,
    period_bounds,
)
from enablement.insights.selectors.results import MIN_CLOSED_DEALS, Summary, WinRate
from enablement.insights.selectors.usage import _deal_filter
from enablement.tracking.models import Deal, DealInfluence


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95 % interval and sample size (``value`` None: no data)."""

    value: float | None
    interval: Interval | None
    n: int


@dataclass(frozen=True)
class ContentConfidence:
    """Library-level: with content vs without, raw and like-for-like, with intervals."""

    with_content: WinRate
    without_content: WinRate
    baseline: WinRate
    with_content_ci: Interval | None
    without_content_ci: Interval | None
    baseline_ci: Interval | None
    lift: float | None  # with content - without content (raw)
    lift_ci: Interval | None
    stratified_lift: float | None
    stratified_lift_ci: Interval | None
    days_with: Estimate  # median days created -> won, won deals with content
    days_without: Estimate
    days_difference: Estimate  # with - without (negative: content closes faster)
    revenue_per_deal_with: Estimate  # won amount (0 if lost) per closed deal with content
    revenue_per_deal_without: Estimate


def content_confidence(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    closed_deals: list[ClosedDeal] | None = None,
) -> ContentConfidence:
    """One query over the period's closed deals, influenced or not (``_closed_deal_rows``,
    as ``summary``; none when the caller passes them as ``closed_deals``, as
    ``summary_stats`` does): counts per stratum, the won deals' amounts and durations (the
    medians and revenue per deal need each value; lost deals add zeros to revenue per
    deal)."""
    if closed_deals is None:
        start, end = period_bounds(since=since, until=until)
        closed_deals = _closed_deal_rows(start=start, end=end, segment=segment, team=team)
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # won/n with, without
    days = {True: [], False: []}
    revenue = {True: [], False: []}
    for deal in closed_deals:
        won, influenced = deal.status == Deal.Status.WON, bool(deal.influenced)
        cell = counts[(deal.segment_id, deal.stage_id, deal.band)]
        offset = 0 if influenced else 2
        cell[offset] += won
        cell[offset + 1] += 1
        if won:
            revenue[influenced].append(float(deal.amount))
            days[influenced].append(_days_from_microseconds(deal.microseconds))
    with_won = sum(c[0] for c in counts.values())
    with_n = sum(c[1] for c in counts.values())
    without_won = sum(c[2] for c in counts.values())
    without_n = sum(c[3] for c in counts.values())
    with_content = WinRate(with_won, with_n - with_won)
    without_content = WinRate(without_won, without_n - without_won)
    revenue[True].extend([0.0] * with_content.lost)
    revenue[False].extend([0.0] * without_content.lost)
    baseline = WinRate(with_won + without_won, with_n + without_n - with_won - without_won)

    lift = lift_ci = None
    if with_content.rate is not None and without_content.rate is not None:
        lift = with_content.rate - without_content.rate
        lift_ci = statistics.newcombe_interval(with_won, with_n, without_won, without_n)
    # Strata in a fixed order (ids ascending, none first), so the pooled sums add up the
    # same way every time.
    pooled = statistics.mantel_haenszel_difference(
        statistics.Stratum(*counts[key]) for key in sorted(counts, key=_stratum_order)
    )
    stratified = stratified_ci = None
    if lift is not None and pooled is not None and pooled.exposed >= MIN_CLOSED_DEALS:
        stratified, stratified_ci = pooled.estimate, pooled.interval
    return ContentConfidence(
        with_content=with_content,
        without_content=without_content,
        baseline=baseline,
        with_content_ci=_rate_ci(with_content),
        without_content_ci=_rate_ci(without_content),
        baseline_ci=_rate_ci(baseline),
        lift=lift,
        lift_ci=lift_ci,
        stratified_lift=stratified,
        stratified_lift_ci=stratified_ci,
        days_with=median_estimate(days[True]),
        days_without=median_estimate(days[False]),
        days_difference=_median_difference(days[True], days[False]),
        revenue_per_deal_with=mean_estimate(revenue[True]),
        revenue_per_deal_without=mean_estimate(revenue[False]),
    )


def _stratum_order(key: tuple) -> tuple:
    return tuple((value is not None, value or 0) for value in key)


def summary_stats(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    include_gaps: bool = True,
) -> tuple[Summary, ContentConfidence]:
    """``summary`` and ``content_confidence`` together, as the stats API and the overview
    show them: the period's closed deals are read once for both; every statement may
    hash in memory (``aggregates_in_memory``)."""
    start, end = period_bounds(since=since, until=until)
    period = {"since": since, "until": until, "segment": segment, "team": team}
    with aggregates_in_memory():
        closed_deals = _closed_deal_rows(start=start, end=end, segment=segment, team=team)
        return (
            summary(**period, include_gaps=include_gaps, closed_deals=closed_deals),
            content_confidence(**period, closed_deals=closed_deals),
        )


def _rate_ci(rate: WinRate) -> Interval | None:
    return None if rate.rate is None else statistics.wilson_interval(rate.won, rate.closed)


def median_estimate(values: list[float]) -> Estimate:
    """Median with a seeded bootstrap interval (one decimal, as DESIGN's days)."""
    if not values:
        return Estimate(None, None, 0)
    low, high = statistics.median_interval(values)
    return Estimate(
        round(statistics.median(values), 1), (round(low, 1), round(high, 1)), len(values)
    )


def mean_estimate(values: list[float]) -> Estimate:
    if not values:
        return Estimate(None, None, 0)
    low, high = statistics.mean_interval(values)
    mean = sum(values) / len(values)
    return Estimate(round(mean, 2), (round(low, 2), round(high, 2)), len(values))


def _median_difference(first: list[float], second: list[float]) -> Estimate:
    if not first or not second:
        return Estimate(None, None, 0)
    low, high = statistics.median_difference_interval(first, second)
    value = statistics.median(first) - statistics.median(second)
    return Estimate(round(value, 1), (round(low, 1), round(high, 1)), len(first) + len(second))


def asset_value(
    *,
    asset_id: int,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
) -> tuple[Estimate, Estimate]:
    """One asset's median days to close (its won deals) and influenced revenue per closed
    deal (won amount, 0 if lost), each with an interval. One query."""
    start, end = period_bounds(since=since, until=until)
    rows = (
        DealInfluence.objects.filter(asset_id=asset_id)
        .filter(_closed_in(start, end, prefix="deal__"))
        .filter(_deal_filter(segment=segment, team=team, prefix="deal__"))
        .values_list("deal__status", "deal__amount", "deal__created_at", "deal__closed_at")
    )
    if segment is not None:  # as asset_performance: only assets tagged with the segment
        rows = rows.filter(asset__tagged_segments__tag=segment)
    days, revenue = [], []
    for status, amount, created_at, closed_at in rows:
        won = status == Deal.Status.WON
        revenue.append(float(amount) if won else 0.0)
        if won:
            days.append(_days(created_at, closed_at))
    return median_estimate(days), mean_estimate(revenue)
