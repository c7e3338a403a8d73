"""Wagtail admin report for marketers: the numbers of the assets they own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from content.models import AssetPage
from content.selectors import user_is_marketer
from enablement.insights import selectors
from enablement.insights.filters import StatsFilterForm, StatsFilters, default_period
from enablement.insights.tables import asset_performance_table


def my_assets_report(request):
    """Per-asset figures for the assets ``request.user`` owns (``?export=assets`` for CSV)."""
    if not user_is_marketer(user=request.user):
        raise PermissionDenied("The content report is for the Marketing group.")
    form = StatsFilterForm(request.GET or None, allow_team=False)
    if form.is_bound and form.is_valid():
        filters = form.filters()
    else:
        since, until = default_period()
        filters = StatsFilters(since=since, until=until)
    owned = list(AssetPage.objects.filter(owner_user=request.user).values_list("pk", flat=True))
    rows = selectors.asset_performance(
        since=filters.since, until=filters.until, segment=filters.segment, asset_ids=owned
    )
    ltv = selectors.asset_account_ltv(asset_ids=owned)
    table = asset_performance_table(
        rows=rows,
        ltv=ltv,
        links=[f"/cms/pages/{row.asset_id}/edit/" for row in rows],
        title="My assets",
        with_type=False,
    )
    if request.GET.get("export") == "assets":
        return table.csv_response(
            filename=f"my-assets-{filters.since.isoformat()}-{filters.until.isoformat()}"
        )
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "insights/admin/my_assets.html",
        {"form": form, "filters": filters, "table": table, "query": query.urlencode()},
    )
