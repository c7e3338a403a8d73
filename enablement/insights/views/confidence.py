"""How sure is an asset's figure: the table, the chart and the plain-words reading shown on
the asset page (and reused by the keep / fix page)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.i18n import number
from enablement.insights import charts, selectors
from enablement.insights.selectors import FIX, KEEP, AssetConfidence, Estimate
from enablement.insights.tables import Table


def _points(value):
    return None if value is None else round(value * 100, 1)


def _pair(interval, scale=100.0, places=1):
    if interval is None:
        return None, None
    return round(interval[0] * scale, places), round(interval[1] * scale, places)


_CONFIDENCE_CAPTION = gettext_lazy(
    # xgettext:no-python-format
    "Low and high bound the 95 % interval: the range of values these deals are "
    "consistent with. Empty: not enough data (fewer than 5 closed deals)."
)


def confidence_table(sure: AssetConfidence, *, days: Estimate, revenue: Estimate) -> Table:
    """Every figure of the asset with its 95 % interval, in display units."""
    rows = [
        [
            _("Win rate"),
            "%",
            _points(sure.win_rate.rate),
            *_pair(sure.win_rate_ci),
            sure.win_rate.closed,
        ],
        [
            _("Lift vs baseline (raw)"),
            _("points"),
            _points(sure.win_rate_lift),
            *_pair(sure.win_rate_lift_ci),
            sure.win_rate.closed,
        ],
        [
            _("Like-for-like lift (same segment, stage, size band)"),
            _("points"),
            _points(sure.stratified_lift),
            *_pair(sure.stratified_lift_ci),
            sure.compared_deals,
        ],
        [
            _("Median days to close (its won deals)"),
            _("days"),
            days.value,
            *_pair(days.interval, scale=1),
            days.n,
        ],
        [
            _("Influenced revenue per closed deal"),
            _("money"),
            revenue.value,
            *_pair(revenue.interval, scale=1, places=2),
            revenue.n,
        ],
    ]
    return Table(
        name="confidence",
        # xgettext:no-python-format
        title=_("How sure are these figures? (95 % intervals)"),
        headers=[_("Figure"), _("Unit"), _("Value"), _("Low"), _("High"), _("Deals (sample)")],
        formats=["text", "text", "number", "number", "number", "int"],
        rows=[[cell if cell is not None else "-" for cell in row] for row in rows],
        caption=_CONFIDENCE_CAPTION,
    )


def lift_chart(sure: AssetConfidence):
    return charts.interval_chart(
        [
            (_("Raw lift (vs all deals)"), sure.win_rate_lift, sure.win_rate_lift_ci),
            (_("Like-for-like lift"), sure.stratified_lift, sure.stratified_lift_ci),
        ],
        title=_("Win-rate lift of deals that used this asset"),
        unit=_("Lift (points)"),
        signed=True,
    )


def _pts(value: float) -> str:
    return _("%(points)s points") % {"points": _signed(value)}


def _range(interval) -> str:
    return _("%(low)s to %(high)s points") % {
        "low": _signed(interval[0]),
        "high": _signed(interval[1]),
    }


def _signed(fraction: float) -> str:
    points = fraction * 100
    return ("+" if points >= 0 else "-") + number(abs(points), 1)


def reading(sure: AssetConfidence) -> list[str]:
    """Plain-words sentences: which figure to trust, why, and what it says."""
    closed = sure.win_rate.closed
    needed = (
        " "
        + _(
            "About %(needed)s closed deals with it (%(more)s more) would give an interval "
            "narrow enough to decide."
        )
        % {"needed": number(sure.deals_needed), "more": number(sure.more_deals_needed)}
        if sure.deals_needed is not None
        else ""
    )
    if sure.win_rate.rate is None:
        return [
            _(
                "Too few closed deals to say anything yet: %(closed)s in this period "
                "(a win rate needs %(minimum)s)."
            )
            % {"closed": closed, "minimum": selectors.MIN_CLOSED_DEALS}
            + needed
        ]
    if sure.stratified_lift is None:
        return [
            _(
                "Only the raw lift (%(lift)s) is available: too few of this asset's deals "
                "have a comparable deal without it (same segment, stage and size). Read the "
                "raw lift with care: it may come from the kind of deals the asset is used in "
                "rather than from the asset."
            )
            % {"lift": _pts(sure.win_rate_lift)}
            + needed
        ]
    sentences = [
        _(
            "Trust the like-for-like lift, %(lift)s (95 %% interval %(range)s): it compares "
            "this asset's deals only with deals of the same segment, stage and size band, so "
            "an asset used mostly in late-stage or large deals does not look good just "
            "because those deals win more often. The raw lift (%(raw)s) compares with every "
            "deal."
        )
        % {
            "lift": _pts(sure.stratified_lift),
            "range": _range(sure.stratified_lift_ci),
            "raw": _pts(sure.win_rate_lift),
        }
    ]
    gap = sure.win_rate_lift - sure.stratified_lift
    if abs(gap) >= 0.05:
        sentences.append(
            _(
                "The two differ by %(points)s points: that much of the raw figure comes from "
                "which deals the asset is used in, not from the asset."
            )
            % {"points": number(abs(gap) * 100, 1)}
        )
    if sure.verdict == KEEP:
        sentences.append(
            _(
                "The whole interval is above zero: deals that use it win more often than "
                "comparable deals without it. Keep it."
            )
        )
    elif sure.verdict == FIX:
        sentences.append(
            _(
                "The whole interval is below zero: deals that use it win less often than "
                "comparable deals without it. Fix or retire it."
            )
        )
    else:
        sentences.append(_("The interval includes zero: no clear effect either way yet.") + needed)
    return sentences
