"""Content stats for managers (DESIGN §7): ``/api/v1/stats/summary/`` and ``/assets/``."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from enablement.api.errors import errors_response
from enablement.api.permissions import IsManager
from enablement.insights import selectors
from enablement.insights.filters import PRESETS, StatsFilterForm
from enablement.insights.money import default_currency

CURRENCY_HELP = "ISO 4217 code of every money figure in this response (the default currency)."
MONEY_HELP = "In `currency`; deals in other currencies converted with the admin's rates."

FILTER_PARAMETERS = [
    OpenApiParameter(
        "preset",
        OpenApiTypes.STR,
        description="A named period instead of since/until: " + ", ".join(PRESETS) + ".",
    ),
    OpenApiParameter("since", OpenApiTypes.DATE, description="First day (inclusive)."),
    OpenApiParameter("until", OpenApiTypes.DATE, description="Last day (inclusive)."),
    OpenApiParameter("segment", OpenApiTypes.STR, description="Segment slug or name."),
]


def _interval(help_text: str):
    return serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text=f"95 % interval [low, high] of {help_text}; null when the figure is null.",
    )


class AccountLtvSerializer(serializers.Serializer):
    accounts = serializers.IntegerField()
    median = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    accounts_with_content = serializers.IntegerField()
    median_with_content = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class SegmentLeadTimeSerializer(serializers.Serializer):
    segment = serializers.CharField()
    won_deals = serializers.IntegerField()
    median_days = serializers.FloatField(allow_null=True)


class StatsSummarySerializer(serializers.Serializer):
    """Documents the response (rates 0..1 or null below 5 closed deals; money as strings)."""

    since = serializers.DateField()
    until = serializers.DateField()
    assets_live = serializers.IntegerField()
    assets_used = serializers.IntegerField()
    unused_share = serializers.FloatField(allow_null=True)
    active_users = serializers.IntegerField()
    uses = serializers.IntegerField()
    deals_influenced = serializers.IntegerField()
    currency = serializers.CharField(help_text=CURRENCY_HELP)
    influenced_revenue = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=MONEY_HELP
    )
    influenced_revenue_without_rate = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2),
        help_text="Per currency without an exchange rate: won influenced amounts left out "
        "of influenced_revenue (never summed into it).",
    )
    baseline_win_rate = serializers.FloatField(allow_null=True)
    win_rate_with_content = serializers.FloatField(allow_null=True)
    win_rate_without_content = serializers.FloatField(allow_null=True)
    baseline_win_rate_ci = _interval("the baseline win rate (Wilson score)")
    win_rate_with_content_ci = _interval("the win rate with content (Wilson score)")
    win_rate_without_content_ci = _interval("the win rate without content (Wilson score)")
    content_lift = serializers.FloatField(
        allow_null=True, help_text="Win rate with content - without content (raw)."
    )
    content_lift_ci = _interval("the raw content lift (Newcombe's hybrid score, method 10)")
    stratified_content_lift = serializers.FloatField(
        allow_null=True,
        help_text="With - without content within the same segment, stage and size band, "
        "pooled with Mantel-Haenszel weights; null below 5 comparable deals with content.",
    )
    stratified_content_lift_ci = _interval("the stratified lift (Sato variance)")
    median_days_to_close_with_content = serializers.FloatField(allow_null=True)
    median_days_to_close_with_content_ci = _interval("the median (seeded bootstrap)")
    median_days_to_close_without_content = serializers.FloatField(allow_null=True)
    median_days_to_close_without_content_ci = _interval("the median (seeded bootstrap)")
    median_days_to_close_all = serializers.FloatField(allow_null=True)
    influenced_revenue_per_deal = serializers.FloatField(
        allow_null=True,
        help_text="Won amount (0 if lost) per closed deal with content, in the deals' currency.",
    )
    influenced_revenue_per_deal_ci = _interval("the revenue per deal (seeded bootstrap)")
    freshness = serializers.FloatField(allow_null=True)
    account_ltv = AccountLtvSerializer()
    lead_to_close_by_segment = SegmentLeadTimeSerializer(many=True)


class StatsAssetSerializer(serializers.Serializer):
    asset_id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField()
    uses = serializers.IntegerField()
    users = serializers.IntegerField()
    deals_influenced = serializers.IntegerField()
    deals_won = serializers.IntegerField()
    deals_lost = serializers.IntegerField()
    win_rate = serializers.FloatField(allow_null=True)
    win_rate_lift = serializers.FloatField(allow_null=True)
    win_rate_ci = _interval("the win rate (Wilson score)")
    win_rate_lift_ci = _interval(
        "the lift (Newcombe's interval for the asset's deals vs the others, times n0/N)"
    )
    stratified_win_rate_lift = serializers.FloatField(
        allow_null=True,
        help_text="Like-for-like lift: the asset's deals against other deals of the same "
        "segment, stage and size band (Mantel-Haenszel); null below 5 comparable deals.",
    )
    stratified_win_rate_lift_ci = _interval("the stratified lift (Sato variance)")
    verdict = serializers.ChoiceField(
        choices=["keep", "fix", "unknown"],
        help_text="keep: stratified lift interval above 0; fix: below 0; else unknown.",
    )
    deals_needed = serializers.IntegerField(
        allow_null=True,
        help_text="When unknown: closed deals of the asset an interval narrow enough to "
        "decide would need (planning figure).",
    )
    influenced_revenue = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=MONEY_HELP
    )
    attributed_revenue = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=MONEY_HELP
    )
    last_used_at = serializers.DateField(allow_null=True)


class StatsAssetsSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text=CURRENCY_HELP)
    revenue_without_rate = serializers.DictField(
        child=serializers.DictField(),
        help_text='Per currency without an exchange rate: {"deals", "amount"} of won '
        "influenced deals left out of every revenue figure.",
    )
    results = StatsAssetSerializer(many=True)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _pair(interval) -> list[float] | None:
    return None if interval is None else [interval[0], interval[1]]


def _asset_intervals(figures) -> dict:
    return {
        "win_rate_ci": _pair(figures.win_rate_ci),
        "win_rate_lift_ci": _pair(figures.win_rate_lift_ci),
        "stratified_win_rate_lift": figures.stratified_lift,
        "stratified_win_rate_lift_ci": _pair(figures.stratified_lift_ci),
        "verdict": figures.verdict,
        "deals_needed": figures.deals_needed,
    }


def _parse(request):
    form = StatsFilterForm(request.query_params, allow_team=False)
    if not form.is_valid():
        return None, errors_response({k: list(v) for k, v in form.errors.items()})
    return form.filters(), None


@extend_schema(
    tags=["stats"],
    summary="Library-level content metrics (DESIGN §6)",
    description="Every rate comes with a 95 % interval (`*_ci: [low, high]`, null when the "
    "rate is null, i.e. below 5 closed deals). `stratified_content_lift` compares deals with "
    "and without content only within the same segment, stage and deal-size band; trust it "
    "over `content_lift` when the two disagree (README: How sure are these figures?).",
    parameters=FILTER_PARAMETERS,
    responses=StatsSummarySerializer,
)
class StatsSummaryView(APIView):
    permission_classes = [IsManager]

    def get(self, request):
        filters, error = _parse(request)
        if error:
            return error
        period = {"since": filters.since, "until": filters.until, "segment": filters.segment}
        result, sure = selectors.summary_stats(**period, include_gaps=False)
        ltv = result.account_ltv
        return Response(
            {
                "since": result.since.isoformat(),
                "until": result.until.isoformat(),
                "assets_live": result.assets_live,
                "assets_used": result.assets_used,
                "unused_share": result.unused_share,
                "active_users": result.active_users,
                "uses": result.uses,
                "deals_influenced": result.deals_influenced,
                "currency": default_currency(),
                "influenced_revenue": _money(result.influenced_revenue),
                "influenced_revenue_without_rate": {
                    code: _money(amount)
                    for code, amount in result.influenced_revenue_without_rate.items()
                },
                "baseline_win_rate": result.baseline.rate,
                "win_rate_with_content": result.with_content.rate,
                "win_rate_without_content": result.without_content.rate,
                "baseline_win_rate_ci": _pair(sure.baseline_ci),
                "win_rate_with_content_ci": _pair(sure.with_content_ci),
                "win_rate_without_content_ci": _pair(sure.without_content_ci),
                "content_lift": sure.lift,
                "content_lift_ci": _pair(sure.lift_ci),
                "stratified_content_lift": sure.stratified_lift,
                "stratified_content_lift_ci": _pair(sure.stratified_lift_ci),
                "median_days_to_close_with_content": result.median_days_to_close_with_content,
                "median_days_to_close_with_content_ci": _pair(sure.days_with.interval),
                "median_days_to_close_without_content": sure.days_without.value,
                "median_days_to_close_without_content_ci": _pair(sure.days_without.interval),
                "median_days_to_close_all": result.median_days_to_close_all,
                "influenced_revenue_per_deal": sure.revenue_per_deal_with.value,
                "influenced_revenue_per_deal_ci": _pair(sure.revenue_per_deal_with.interval),
                "freshness": result.freshness,
                # Shared KPIs (DESIGN §6), beyond the §7 keys.
                "account_ltv": {
                    "accounts": ltv.accounts,
                    "median": _money(ltv.median_ltv),
                    "accounts_with_content": ltv.accounts_with_content,
                    "median_with_content": _money(ltv.median_ltv_with_content),
                },
                "lead_to_close_by_segment": [
                    {
                        "segment": row.segment,
                        "won_deals": row.won_deals,
                        "median_days": row.median_days,
                    }
                    for row in result.lead_to_close
                ],
            }
        )


@extend_schema(
    tags=["stats"],
    summary="Per-asset content metrics (DESIGN §6)",
    description="`win_rate_ci` and `win_rate_lift_ci` are 95 % intervals; "
    "`stratified_win_rate_lift` compares like with like (segment, stage, size band) and "
    "decides `verdict` (keep / fix / unknown, with `deals_needed` when unknown).",
    parameters=FILTER_PARAMETERS,
    responses=StatsAssetsSerializer,
)
class StatsAssetsView(APIView):
    permission_classes = [IsManager]

    def get(self, request):
        filters, error = _parse(request)
        if error:
            return error
        period = {"since": filters.since, "until": filters.until, "segment": filters.segment}
        rows, sure = selectors.asset_stats(**period)
        without_rate = selectors.revenue_without_rate(**period)
        return Response(
            {
                "currency": default_currency(),
                "revenue_without_rate": {
                    code: {"deals": deals, "amount": _money(amount)}
                    for code, (deals, amount) in without_rate.items()
                },
                "results": [
                    {
                        "asset_id": row.asset_id,
                        "title": row.title,
                        "type": row.type,
                        "uses": row.uses,
                        "users": row.users,
                        "deals_influenced": row.deals_influenced,
                        "deals_won": row.deals_won,
                        "deals_lost": row.deals_lost,
                        "win_rate": row.win_rate,
                        "win_rate_lift": row.win_rate_lift,
                        **_asset_intervals(
                            sure.get(row.asset_id) or selectors.no_deals(row.asset_id)
                        ),
                        "influenced_revenue": _money(row.influenced_revenue),
                        "attributed_revenue": _money(row.attributed_revenue),
                        "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None,
                    }
                    for row in rows
                ],
            }
        )
