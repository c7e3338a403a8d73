"""What to keep, what to fix: assets by their like-for-like lift (Managers and Marketing).

Clearly positive (the stratified lift's 95 % interval above zero), clearly negative (below
zero) and unknown (too few deals, or an interval across zero) with the closed deals it
would take to know. With no dates chosen the page reads the last 12 months: a month rarely
has enough closed deals per asset to decide anything.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.selectors import user_is_manager
from enablement.insights import charts, selectors
from enablement.insights.selectors import FIX, KEEP, UNKNOWN
from enablement.insights.tables import Table
from enablement.insights.views.dashboards import (
    _detail_url,
    _filters,
    _page,
    insights_reader_required,
)

DEFAULT_DAYS = 365
CHART_ASSETS = 15

_GROUPS = {
    KEEP: ("keep", gettext_lazy("Clearly helps: keep and promote")),
    FIX: ("fix", gettext_lazy("Clearly does not help: fix or retire")),
    UNKNOWN: ("unknown", gettext_lazy("Not known yet")),
}


@insights_reader_required
def keep_fix(request):
    form, filters = _filters(request)
    if not request.GET.get("since") and not request.GET.get("until"):
        until = timezone.localdate()
        filters = dataclasses.replace(
            filters, since=until - datetime.timedelta(days=DEFAULT_DAYS - 1), until=until
        )
    rows, confidence = selectors.asset_stats(**filters.as_kwargs())
    figures = [
        (row, confidence.get(row.asset_id) or selectors.no_deals(row.asset_id)) for row in rows
    ]
    groups = {verdict: [] for verdict in _GROUPS}
    for row, sure in figures:
        groups[sure.verdict].append((row, sure))
    groups[KEEP].sort(key=lambda pair: -pair[1].stratified_lift)
    groups[FIX].sort(key=lambda pair: pair[1].stratified_lift)
    groups[UNKNOWN].sort(key=lambda pair: (pair[1].more_deals_needed, pair[0].title.lower()))

    tables = [_table(verdict, pairs, request) for verdict, pairs in groups.items()]
    charted = (
        groups[KEEP]
        + groups[FIX]
        + [p for p in groups[UNKNOWN] if p[1].stratified_lift is not None]
    )[:CHART_ASSETS]
    return _page(
        request,
        "insights/keep_fix.html",
        form=form,
        filters=filters,
        tables=tables,
        counts={verdict: len(pairs) for verdict, pairs in groups.items()},
        lift_chart=(
            charts.interval_chart(
                [
                    (row.title[:40], sure.stratified_lift, sure.stratified_lift_ci)
                    for row, sure in charted
                ],
                title=_("Like-for-like lift per asset"),
                unit=_("Lift (points)"),
                signed=True,
            )
            if charted
            else None
        ),
    )


def _table(verdict: str, pairs, request) -> Table:
    name, title = _GROUPS[verdict]
    return Table(
        name=name,
        title=f"{title} ({len(pairs)})",
        headers=[
            _("Asset"),
            _("Type"),
            _("Live"),
            _("Closed deals"),
            _("Win rate"),
            _("Raw lift"),
            _("Like-for-like lift"),
            # xgettext:no-python-format
            _("Like-for-like 95 % interval"),
            _("Closed deals needed to know"),
            _("More deals needed"),
        ],
        formats=["text", "text", "text", "int", "pct", "lift", "lift", "ci_lift", "int", "int"],
        rows=[
            [
                row.title,
                row.type_label,
                _("yes") if row.live else _("no"),
                sure.win_rate.closed,
                row.win_rate,
                row.win_rate_lift,
                sure.stratified_lift,
                sure.stratified_lift_ci,
                sure.deals_needed,
                sure.more_deals_needed,
            ]
            for row, sure in pairs
        ],
        links=[_link(row, request) for row, __ in pairs],
    )


def _link(row, request) -> str:
    """Managers open the asset's insights; Marketing (no dashboards) the asset's editor, whose
    Usage tab shows its figures."""
    if user_is_manager(user=request.user):
        return _detail_url(row.asset_id, request)
    return reverse("wagtailadmin_pages:edit", args=[row.asset_id])
