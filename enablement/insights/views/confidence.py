"""How sure is an asset's figure: the table, the chart and the plain-words reading shown on
the asset page (and reused by the keep / fix page)."""

from __future__ import annotations

from enablement.insights import charts, selectors
from enablement.insights.selectors import FIX, KEEP, AssetConfidence, Estimate
from enablement.insights.tables import Table


def _points(value):
    return None if value is None else round(value * 100, 1)


def _pair(interval, scale=100.0, places=1):
    if interval is None:
        return None, None
    return round(interval[0] * scale, places), round(interval[1] * scale, places)


def confidence_table(sure: AssetConfidence, *, days: Estimate, revenue: Estimate) -> Table:
    """Every figure of the asset with its 95 % interval, in display units."""
    rows = [
        [
            "Win rate",
            "%",
            _points(sure.win_rate.rate),
            *_pair(sure.win_rate_ci),
            sure.win_rate.closed,
        ],
        [
            "Lift vs baseline (raw)",
            "points",
            _points(sure.win_rate_lift),
            *_pair(sure.win_rate_lift_ci),
            sure.win_rate.closed,
        ],
        [
            "Like-for-like lift (same segment, stage, size band)",
            "points",
            _points(sure.stratified_lift),
            *_pair(sure.stratified_lift_ci),
            sure.compared_deals,
        ],
        [
            "Median days to close (its won deals)",
            "days",
            days.value,
            *_pair(days.interval, scale=1),
            days.n,
        ],
        [
            "Influenced revenue per closed deal",
            "money",
            revenue.value,
            *_pair(revenue.interval, scale=1, places=2),
            revenue.n,
        ],
    ]
    return Table(
        name="confidence",
        title="How sure are these figures? (95 % intervals)",
        headers=["Figure", "Unit", "Value", "Low", "High", "Deals (sample)"],
        formats=["text", "text", "text", "text", "text", "int"],
        rows=[[cell if cell is not None else "-" for cell in row] for row in rows],
        caption="Low and high bound the 95 % interval: the range of values these deals are "
        "consistent with. Empty: not enough data (fewer than 5 closed deals).",
    )


def lift_chart(sure: AssetConfidence):
    return charts.interval_chart(
        [
            ("Raw lift (vs all deals)", sure.win_rate_lift, sure.win_rate_lift_ci),
            ("Like-for-like lift", sure.stratified_lift, sure.stratified_lift_ci),
        ],
        title="Win-rate lift of deals that used this asset",
        unit="Lift (points)",
    )


def _pts(value: float) -> str:
    return f"{value * 100:+.1f} points"


def _range(interval) -> str:
    return f"{interval[0] * 100:+.1f} to {interval[1] * 100:+.1f} points"


def reading(sure: AssetConfidence) -> list[str]:
    """Plain-words sentences: which figure to trust, why, and what it says."""
    closed = sure.win_rate.closed
    needed = (
        f" About {sure.deals_needed:,} closed deals with it ({sure.more_deals_needed:,} more) "
        f"would give an interval narrow enough to decide."
        if sure.deals_needed is not None
        else ""
    )
    if sure.win_rate.rate is None:
        return [
            f"Too few closed deals to say anything yet: {closed} in this period "
            f"(a win rate needs {selectors.MIN_CLOSED_DEALS})." + needed
        ]
    if sure.stratified_lift is None:
        return [
            f"Only the raw lift ({_pts(sure.win_rate_lift)}) is available: too few of this "
            "asset's deals have a comparable deal without it (same segment, stage and size). "
            "Read the raw lift with care: it may come from the kind of deals the asset is "
            "used in rather than from the asset." + needed
        ]
    sentences = [
        f"Trust the like-for-like lift, {_pts(sure.stratified_lift)} (95 % interval "
        f"{_range(sure.stratified_lift_ci)}): it compares this asset's deals only with deals "
        "of the same segment, stage and size band, so an asset used mostly in late-stage or "
        "large deals does not look good just because those deals win more often. The raw "
        f"lift ({_pts(sure.win_rate_lift)}) compares with every deal."
    ]
    gap = sure.win_rate_lift - sure.stratified_lift
    if abs(gap) >= 0.05:
        sentences.append(
            f"The two differ by {abs(gap) * 100:.1f} points: that much of the raw figure comes "
            "from which deals the asset is used in, not from the asset."
        )
    if sure.verdict == KEEP:
        sentences.append(
            "The whole interval is above zero: deals that use it win more often than "
            "comparable deals without it. Keep it."
        )
    elif sure.verdict == FIX:
        sentences.append(
            "The whole interval is below zero: deals that use it win less often than "
            "comparable deals without it. Fix or retire it."
        )
    else:
        sentences.append("The interval includes zero: no clear effect either way yet." + needed)
    return sentences
