"""Manager dashboards: overview, top assets, asset detail, adoption, heat maps.

Managers and superusers only (everyone else gets 403); "keep or fix" also opens to
Marketing (``insights_reader_required``), who decide what to fix or retire. Every table on a
page downloads as CSV with ``?export=<table name>`` and the page's filters.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from content.models import AssetPage, SegmentTag
from content.selectors import user_is_manager, user_is_marketer
from enablement.insights import charts, selectors
from enablement.insights.deltas import summary_deltas
from enablement.insights.filters import PRESETS, StatsFilterForm, StatsFilters, default_period
from enablement.insights.kpis import kpi_table
from enablement.insights.money import default_currency
from enablement.insights.tables import Table, asset_performance_table
from enablement.insights.views.confidence import confidence_table, lift_chart, reading
from enablement.tracking.models import Deal

SORTS = {
    "uses": (gettext_lazy("Uses"), lambda row: row.uses),
    "users": (gettext_lazy("Users"), lambda row: row.users),
    "deals_influenced": (gettext_lazy("Deals influenced"), lambda row: row.deals_influenced),
    "win_rate": (gettext_lazy("Win rate"), lambda row: row.win_rate),
    "lift": (gettext_lazy("Lift"), lambda row: row.win_rate_lift),
    "influenced_revenue": (gettext_lazy("Influenced revenue"), lambda row: row.influenced_revenue),
    "attributed_revenue": (gettext_lazy("Attributed revenue"), lambda row: row.attributed_revenue),
}


def manager_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_is_manager(user=request.user):
            raise PermissionDenied(_("Insights are for the Managers group."))
        return view(request, *args, **kwargs)

    return wrapper


def insights_reader_required(view):
    """Managers and Marketing (and superusers): the pages both teams act on."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user_is_manager(user=user) or user_is_marketer(user=user)):
            raise PermissionDenied("This page is for the Managers and Marketing groups.")
        return view(request, *args, **kwargs)

    return wrapper


def _filters(request) -> tuple[StatsFilterForm, StatsFilters]:
    form = StatsFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.filters()
    since, until = default_period()
    return form, StatsFilters(since=since, until=until, preset="last_30_days")


def _page(request, template: str, *, form, filters, tables: list[Table], **context):
    export = request.GET.get("export")
    if export:
        table = next((t for t in tables if t.name == export), None)
        if table is None:
            raise Http404("No such table.")
        return table.csv_response(
            filename=f"{export}-{filters.since.isoformat()}-{filters.until.isoformat()}"
        )
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("sort", None)
    return render(
        request,
        template,
        {
            "form": form,
            "filters": filters,
            "tables": {table.name: table for table in tables},
            "query": query.urlencode(),
            "segments": SegmentTag.objects.order_by("name"),
            "teams": selectors.sales_teams(),
            "presets": _preset_links(request, filters),
            "currency": default_currency(),
            "is_manager": user_is_manager(user=request.user),
            **context,
        },
    )


@manager_required
def overview(request):
    form, filters = _filters(request)
    summary, sure = selectors.summary_stats(**filters.as_kwargs())
    series = selectors.usage_series(**filters.as_kwargs())
    previous = selectors.summary(**filters.previous().as_kwargs(), include_gaps=False)
    currency = default_currency()
    deltas = summary_deltas(summary, previous, currency=currency)
    kpis = kpi_table(summary=summary, deltas=deltas, currency=currency)
    lead = Table(
        name="lead_to_close",
        title=_("Lead-to-close time by segment (won deals closed in the period)"),
        headers=[_("Segment"), _("Won deals"), _("Median days")],
        formats=["text", "int", "days"],
        rows=[[r.segment, r.won_deals, r.median_days] for r in summary.lead_to_close],
    )
    gaps = summary.content_gaps
    gap_table = Table(
        name="content_gaps",
        title=_("Content gaps: searches with no results"),
        headers=[_("Query"), _("Searches"), _("Last seen")],
        formats=["text", "int", "text"],
        rows=[
            [q.query, q.count, q.last_seen.strftime("%Y-%m-%d %H:%M") if q.last_seen else ""]
            for q in gaps.zero_result_queries
        ],
    )
    usage = Table(
        name="usage",
        title=_("Uses and active users per day"),
        headers=[_("Day"), _("Uses"), _("Active users")],
        formats=["date", "int", "int"],
        rows=[[p.day, p.uses, p.users] for p in series],
    )
    return _page(
        request,
        "insights/overview.html",
        form=form,
        filters=filters,
        tables=[kpis, lead, gap_table, usage],
        summary=summary,
        deltas=deltas,
        previous_filters=filters.previous(),
        usage_chart=charts.usage_chart(series),
        win_rate_chart=charts.interval_chart(
            [
                (f"{name} (n={rate.closed})", rate.rate, interval)
                for name, rate, interval in (
                    (_("With content"), sure.with_content, sure.with_content_ci),
                    (_("Without content"), sure.without_content, sure.without_content_ci),
                    (_("All closed"), sure.baseline, sure.baseline_ci),
                )
            ],
            title=_("Win rate of deals closed in the period"),
            unit=_("Win rate (%)"),
        ),
        sure=sure,
        days_chart=charts.days_chart(
            [
                (_("With content"), sure.days_with.value),
                (_("Without content"), sure.days_without.value),
            ],
            title=_("Median days from created to won"),
        ),
        lead_chart=(
            charts.bar_chart(
                [(r.segment, r.median_days or 0) for r in summary.lead_to_close],
                title=_("Lead-to-close by segment"),
                unit=_("Median days"),
                value_label=_("Median days"),
            )
            if summary.lead_to_close
            else None
        ),
    )


@manager_required
def assets(request):
    form, filters = _filters(request)
    rows, confidence = selectors.asset_stats(**filters.as_kwargs())
    sort = request.GET.get("sort", "uses")
    if sort not in SORTS:
        sort = "uses"
    key = SORTS[sort][1]
    # Highest first; "not enough data" (None) sorts last.
    rows.sort(key=lambda row: (key(row) is None, -(key(row) or 0), row.title.lower()))
    ltv = selectors.asset_account_ltv(asset_ids=[row.asset_id for row in rows])
    table = asset_performance_table(
        rows=rows,
        ltv=ltv,
        links=[_detail_url(row.asset_id, request) for row in rows],
        title=_("Assets"),
        with_type=True,
        confidence=confidence,
    )
    top = [(row.title, row.uses) for row in sorted(rows, key=lambda r: -r.uses)[:10] if row.uses]
    return _page(
        request,
        "insights/assets.html",
        form=form,
        filters=filters,
        tables=[table],
        without_rate=selectors.revenue_without_rate(**filters.as_kwargs()),
        sort=sort,
        sorts=[(name, label) for name, (label, _) in SORTS.items()],
        top_chart=(
            charts.bar_chart(
                top, title=_("Most used assets"), unit=_("Uses (events)"), value_label=_("Uses")
            )
            if top
            else None
        ),
    )


def _deal_status_label(status: str) -> str:
    """ "Won", "Lost", "Open" in the reader's language (the stored value when unknown)."""
    try:
        return str(Deal.Status(status).label)
    except ValueError:
        return status


@manager_required
def asset_detail(request, asset_id: int):
    asset = AssetPage.objects.filter(pk=asset_id).first()
    if asset is None:
        raise Http404("No such asset.")
    form, filters = _filters(request)
    kwargs = filters.as_kwargs()
    performance = selectors.asset_performance(**kwargs, asset_ids=[asset_id])
    row = performance[0] if performance else None
    # "Count its translations too": the asset and its linked translations as one.
    translation_count = len(asset.translation_group_ids()) - 1
    together = bool(translation_count) and request.GET.get("translations") == "together"
    if together:
        from enablement.insights.selectors.translations import asset_group_performance

        row = asset_group_performance(asset=asset, **kwargs)
    series = selectors.usage_series(**kwargs, asset_id=asset_id)
    deals = selectors.asset_deals(asset_id=asset_id)
    ltv = selectors.asset_account_ltv(asset_ids=[asset_id]).get(asset_id)
    overall_ltv = selectors.account_ltv()
    sure = selectors.asset_confidence(**kwargs, asset_ids=[asset_id]).get(
        asset_id
    ) or selectors.no_deals(asset_id)
    days, revenue = selectors.asset_value(asset_id=asset_id, **kwargs)
    sure_table = confidence_table(sure, days=days, revenue=revenue)
    trend = Table(
        name="trend",
        title=_("Uses and users per day"),
        headers=[_("Day"), _("Uses"), _("Active users")],
        formats=["date", "int", "int"],
        rows=[[p.day, p.uses, p.users] for p in series],
    )
    deal_table = Table(
        name="deals",
        title=_("Deals this asset influenced (all time)"),
        headers=[
            _("Deal"),
            _("Account"),
            _("Status"),
            _("Amount"),
            _("Currency"),
            _("Closed"),
            _("First used"),
            _("Last used"),
            _("Uses"),
        ],
        formats=["text", "text", "text", "money", "text", "text", "text", "text", "int"],
        rows=[
            [
                f"{d.name} ({d.external_id})",
                d.account,
                _deal_status_label(d.status),
                d.amount,
                d.currency,
                d.closed_at.date().isoformat() if d.closed_at else _("still open"),
                d.first_used_at.date().isoformat(),
                d.last_used_at.date().isoformat(),
                d.uses,
            ]
            for d in deals
        ],
    )
    return _page(
        request,
        "insights/asset_detail.html",
        form=form,
        filters=filters,
        tables=[sure_table, trend, deal_table],
        asset=asset,
        without_rate=selectors.revenue_without_rate(**kwargs),
        row=row,
        translation_count=translation_count,
        together=together,
        together_url=_with_param(request, translations="together"),
        alone_url=_with_param(request, translations=None),
        ltv=ltv,
        overall_ltv=overall_ltv,
        sure=sure,
        reading=reading(sure),
        lift_chart=lift_chart(sure),
        trend_chart=charts.usage_chart(
            series, title=_("Use of “%(title)s” over time") % {"title": asset.title}
        ),
        dropoff=_dropoff(asset),
    )


def _dropoff(asset) -> dict:
    """Prospects' page-by-page drop-off through share links (all time), or no chart."""
    from content.models import DocumentPage
    from enablement.tracking.selectors import share_dropoff

    # The deck's own page numbers: a hidden slide is not a page anyone could reach.
    pages = (
        list(
            DocumentPage.objects.filter(document_id=asset.attachment_id)
            .order_by("number")
            .values_list("number", flat=True)
        )
        if asset.attachment_id
        else []
    )
    visits, reached = share_dropoff(asset_id=asset.pk, page_numbers=pages)
    chart = None
    if visits and pages:
        chart = charts.dropoff_chart(
            reached, visits=visits, title=gettext("Where prospects stop reading")
        )
    return {"visits": visits, "pages": len(pages), "chart": chart}


@manager_required
def adoption(request):
    form, filters = _filters(request)
    reps = selectors.adoption_by_rep(**filters.as_kwargs())
    teams = selectors.adoption_by_team(
        since=filters.since, until=filters.until, segment=filters.segment
    )
    rep_table = Table(
        name="reps",
        title=_("Adoption by rep"),
        headers=[
            _("Rep"),
            _("Teams"),
            _("Uses"),
            _("Assets used"),
            _("Active days"),
            _("Deals closed"),
            _("Closed with content"),
            _("Share with content"),
        ],
        formats=["text", "text", "int", "int", "int", "int", "int", "pct"],
        rows=[
            [
                r.name,
                r.teams,
                r.uses,
                r.assets_used,
                r.active_days,
                r.deals_closed,
                r.deals_closed_with_content,
                r.content_share,
            ]
            for r in reps
        ],
    )
    team_table = Table(
        name="teams",
        title=_("Adoption by team"),
        headers=[
            _("Team"),
            _("Reps"),
            _("Active reps"),
            _("Active share"),
            _("Uses"),
            _("Deals closed"),
            _("Closed with content"),
            _("Share with content"),
        ],
        formats=["text", "int", "int", "pct", "int", "int", "int", "pct"],
        rows=[
            [
                t.team,
                t.reps,
                t.active_reps,
                t.active_share,
                t.uses,
                t.deals_closed,
                t.deals_closed_with_content,
                t.content_share,
            ]
            for t in teams
        ],
    )
    top = [(r.name, r.uses) for r in reps[:15] if r.uses]
    return _page(
        request,
        "insights/adoption.html",
        form=form,
        filters=filters,
        tables=[rep_table, team_table],
        rep_chart=(
            charts.bar_chart(
                top, title=_("Uses per rep"), unit=_("Uses (events)"), value_label=_("Uses")
            )
            if top
            else None
        ),
    )


@manager_required
def heatmap(request):
    form, filters = _filters(request)
    result = selectors.segment_stage_heatmap(
        since=filters.since, until=filters.until, team=filters.team
    )
    headers = [_("Segment"), *result.stages]
    usage = Table(
        name="heatmap_usage",
        title=_("Uses in the period, by segment and stage"),
        headers=headers,
        formats=["text", *["int"] * len(result.stages)],
        rows=[
            [seg, *[result.usage.get((seg, st), 0) for st in result.stages]]
            for seg in result.segments
        ],
    )
    coverage = Table(
        name="heatmap_coverage",
        title=_("Live assets (coverage), by segment and stage"),
        headers=headers,
        formats=["text", *["int"] * len(result.stages)],
        rows=[
            [seg, *[result.coverage.get((seg, st), 0) for st in result.stages]]
            for seg in result.segments
        ],
    )
    return _page(
        request,
        "insights/heatmap.html",
        form=form,
        filters=filters,
        tables=[usage, coverage],
        heatmaps=[
            (usage, max(result.usage.values(), default=0), "uses"),
            (coverage, max(result.coverage.values(), default=0), "live assets"),
        ],
    )


def _preset_links(request, filters: StatsFilters) -> list[dict]:
    """One link per period preset, keeping the segment and team filters."""
    kept = {k: v for k, v in request.GET.items() if k in ("segment", "team", "sort")}
    return [
        {
            "name": name,
            "label": label,
            "query": urlencode({"preset": name, **kept}),
            "current": filters.preset == name,
        }
        for name, (label, _) in PRESETS.items()
    ]


def _detail_url(asset_id: int, request) -> str:
    kept = ("preset", "since", "until", "segment", "team")
    query = {k: v for k, v in request.GET.items() if k in kept}
    url = reverse("insights:asset-detail", args=[asset_id])
    return f"{url}?{urlencode(query)}" if query else url


def _with_param(request, **changes) -> str:
    """The current URL with ``changes`` applied to its query (``None`` removes one)."""
    params = request.GET.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return f"?{params.urlencode()}" if params else "?"
