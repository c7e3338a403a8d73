"""Library-wide figures: the summary, account lifetime value, baseline win rate."""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Sum,
)
from django.utils import timezone

from content.models import SegmentTag
from enablement.insights.models import Team
from enablement.insights.money import (
    convert,
    converted_amount,
    default_currency,
    exchange_rates,
)
from enablement.insights.selectors.gaps import (
    content_gaps,
)
from enablement.insights.selectors.periods import (
    CENT,
    _closed_deal_sql,
    _closed_in,
    _days_from_microseconds,
    _median_days,
    _median_money,
    _money,
    aggregates_in_memory,
    period_bounds,
)
from enablement.insights.selectors.results import (
    AccountLtv,
    ContentGaps,
    SegmentLeadTime,
    Summary,
    WinRate,
)
from enablement.insights.selectors.usage import (
    _active_user_count,
    _asset_usage,
    _deal_filter,
    assets_unused,
    live_assets,
)
from enablement.tracking.models import (
    Deal,
    DealInfluence,
)
from enablement.tracking.selectors import deal_data_generation
from enablement.tracking.services.influences import band_sql


class ClosedDeal(NamedTuple):
    pk: int
    status: str
    amount: Decimal
    currency: str
    microseconds: int  # created to closed
    influenced: bool
    segment_name: str | None
    segment_id: int | None
    stage_id: int | None
    band: int  # index in SIZE_BANDS
    overlapping: bool  # some influencing uses (first to last) overlap the period


def _closed_deal_rows(*, start, end, segment=None, team=None) -> list[ClosedDeal]:
    """The period's closed deals, each once, newest created first (then by id: the order
    the interval bootstraps resample them in), with what the summary and its intervals
    need: one query. Whether a deal was influenced, and with uses overlapping the period,
    comes from ONE grouped read of the period's closed deals' influences (their deal
    copies, from the covering index ``tracking_influence_closed``, hashed in memory) joined
    by deal, not from two index probes per deal (a year at 5,000,000 events: 21,000
    deals, 42,000 probes). Durations are computed by the database, not parsed from two
    datetimes in Python."""
    deal_where, deal_params, _, _ = _closed_deal_sql(
        start=start, end=end, segment=segment, team=team, alias="d"
    )
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor == "postgresql":
        microseconds = "(EXTRACT(EPOCH FROM (d.closed_at - d.created_at)) * 1000000)::bigint"
    else:  # Django's own SQLite function (``timedelta.total_seconds()`` in microseconds)
        microseconds = "django_timestamp_diff(d.closed_at, d.created_at)"
    sql = f"""
        SELECT d.id, d.status, d.amount, d.currency, {microseconds},
               inf.deal_id IS NOT NULL, s.name, d.segment_id, d.stage_id,
               {band_sql("d.amount")}, COALESCE(inf.overlapping, 0) = 1
        FROM {Deal._meta.db_table} d
        LEFT JOIN {SegmentTag._meta.db_table} s ON s.id = d.segment_id
        LEFT JOIN (
            SELECT i.deal_id,
                   MAX(CASE WHEN i.last_used_at >= %s AND i.first_used_at < %s
                            THEN 1 ELSE 0 END) AS overlapping
            FROM {DealInfluence._meta.db_table} i
            WHERE i.deal_status IN (%s, %s) AND i.deal_closed_at >= %s
              AND i.deal_closed_at < %s
            GROUP BY i.deal_id
        ) inf ON inf.deal_id = d.id
        WHERE {deal_where}
        ORDER BY d.created_at DESC, d.id
    """
    params = [
        adapt(start),
        adapt(end),
        Deal.Status.WON,
        Deal.Status.LOST,
        adapt(start),
        adapt(end),
        *deal_params,
    ]
    with aggregates_in_memory(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        # psycopg already returns each column's Python type (Decimal, bool, int, str).
        return [ClosedDeal._make(row) for row in rows]
    # SQLite: amounts as REAL, booleans as 0/1 (converted as Django's converters do).
    return [
        ClosedDeal(
            pk,
            status,
            _decimal_amount(amount),
            currency,
            int(micro),
            bool(influenced),
            name,
            segment_id,
            stage_id,
            int(band),
            bool(overlapping),
        )
        for (
            pk,
            status,
            amount,
            currency,
            micro,
            influenced,
            name,
            segment_id,
            stage_id,
            band,
            overlapping,
        ) in rows
    ]


_AMOUNT_CONTEXT = decimal.Context(prec=Deal._meta.get_field("amount").max_digits)


def _decimal_amount(value) -> Decimal:
    # As Django's SQLite converter of a DecimalField (2 decimal places).
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _AMOUNT_CONTEXT.create_decimal_from_float(value).quantize(CENT)
    return Decimal(value).quantize(CENT)


def summary(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Team | None = None,
    include_gaps: bool = True,
    closed_deals: list[ClosedDeal] | None = None,
) -> Summary:
    """Every DESIGN §6 library-level metric for the period (see module docstring).

    ``closed_deals``: ``_closed_deal_rows`` of the same period and filters, when the
    caller already read them (``confidence.summary_stats``): one query less."""
    start, end = period_bounds(since=since, until=until)
    today = timezone.localdate()

    used = _asset_usage(since=since, until=until, segment=segment, team=team).filter(uses__gt=0)
    library = live_assets(segment=segment).aggregate(
        live=Count("pk", distinct=True),
        fresh=Count(
            "pk", distinct=True, filter=Q(review_by__isnull=True) | Q(review_by__gte=today)
        ),
    )
    unused = assets_unused(since=since, until=until, segment=segment, team=team).count()
    library["used"] = library["live"] - unused
    uses = used.aggregate(total=Sum("uses"))["total"] or 0
    active_users = _active_user_count(since=since, until=until, segment=segment, team=team)

    if closed_deals is None:
        closed_deals = _closed_deal_rows(start=start, end=end, segment=segment, team=team)
    # Deals influenced in the period (``_influences_in_period``): those with influencing
    # uses overlapping it, plus closed ones whose uses all fall outside it, counted from
    # the closed deals already read (a UNION deduplicating ~500,000 influences over a
    # year cost twice as much).
    deals_influenced = (
        DealInfluence.objects.filter(_deal_filter(segment=segment, team=team, prefix="deal__"))
        .filter(last_used_at__gte=start, first_used_at__lt=end)
        .values("deal_id")
        .distinct()
        .count()
    ) + sum(1 for deal in closed_deals if deal.influenced and not deal.overlapping)
    rates = exchange_rates()
    base = default_currency()
    without_rate: dict[str, Decimal] = defaultdict(Decimal)
    counts = {(True, "won"): 0, (True, "lost"): 0, (False, "won"): 0, (False, "lost"): 0}
    revenue = Decimal(0)
    days_all: list[float] = []
    days_with: list[float] = []
    days_by_segment: dict[str, list[float]] = defaultdict(list)
    for deal in closed_deals:
        status, amount, currency, influenced = (
            deal.status,
            deal.amount,
            deal.currency,
            bool(deal.influenced),
        )
        counts[(influenced, status)] += 1
        if status == Deal.Status.WON:
            days = _days_from_microseconds(deal.microseconds)
            days_all.append(days)
            days_by_segment[deal.segment_name or "(no segment)"].append(days)
            if influenced:
                days_with.append(days)
                # The default currency's amount is its own conversion (two decimals).
                converted = amount if currency == base else convert(amount, currency, rates)
                if converted is None:
                    without_rate[currency] += amount
                else:
                    revenue += converted
    with_content = WinRate(won=counts[(True, "won")], lost=counts[(True, "lost")])
    without_content = WinRate(won=counts[(False, "won")], lost=counts[(False, "lost")])
    baseline = WinRate(
        won=with_content.won + without_content.won, lost=with_content.lost + without_content.lost
    )

    live = library["live"]
    return Summary(
        since=since,
        until=until,
        uses=uses,
        active_users=active_users,
        assets_live=live,
        assets_used=library["used"],
        assets_unused=live - library["used"],
        unused_share=(live - library["used"]) / live if live else None,
        deals_influenced=deals_influenced,
        deals_won=with_content.won,
        deals_lost=with_content.lost,
        win_rate_influenced=with_content,
        baseline=baseline,
        with_content=with_content,
        without_content=without_content,
        influenced_revenue=_money(revenue),
        influenced_revenue_without_rate={
            currency: _money(amount) for currency, amount in sorted(without_rate.items())
        },
        median_days_to_close_with_content=_median_days(days_with),
        median_days_to_close_all=_median_days(days_all),
        freshness=library["fresh"] / live if live else None,
        account_ltv=account_ltv(rates=rates),
        lead_to_close=[
            SegmentLeadTime(segment=name, won_deals=len(values), median_days=_median_days(values))
            for name, values in sorted(days_by_segment.items())
        ],
        content_gaps=(
            content_gaps(since=since, until=until)
            if include_gaps
            else ContentGaps(False, [], False, None)
        ),
    )


ACCOUNT_LTV_CACHE_SECONDS = 24 * 3600


def account_ltv(*, rates: dict[str, Decimal] | None = None) -> AccountLtv:
    """Account lifetime value (all time, whole CRM): the sum of an account's won amounts,
    in the default currency. Deals in a currency without a rate are left out, and counted.

    It reads every won deal (80-200 ms at 60,000 deals), so the figures are cached under
    the deal-data generation, which every write to deals or influences replaces
    (``tracking.DealDataGeneration``), and the rates: exact whenever read, one small
    query while nothing changed."""
    rates = exchange_rates() if rates is None else rates
    generation = deal_data_generation()
    if generation is None:
        return _account_ltv_compute(rates)
    key = "insights:account-ltv:{}:{}".format(
        generation, ";".join(f"{code}={rate}" for code, rate in sorted(rates.items()))
    )
    figures = cache.get(key)
    if figures is None:
        figures = _account_ltv_compute(rates)
        cache.set(key, figures, ACCOUNT_LTV_CACHE_SECONDS)
    return figures


def _account_ltv_compute(rates: dict[str, Decimal]) -> AccountLtv:
    influenced = DealInfluence.objects.filter(deal=OuterRef("pk"))
    rows = list(
        Deal.objects.filter(status=Deal.Status.WON)
        .order_by()
        .values("account")
        .annotate(
            ltv=Sum(converted_amount(rates)),
            with_content=Count("pk", filter=Q(Exists(influenced))),
            without_rate=Count("pk", filter=~Q(currency__in=list(rates))),
        )
        .values_list("ltv", "with_content", "without_rate")
    )
    values = [_money(ltv) for ltv, _, _ in rows if ltv is not None]
    with_content = [_money(ltv) for ltv, count, _ in rows if ltv is not None and count]
    return AccountLtv(
        deals_without_rate=sum(without for _, _, without in rows),
        accounts=len(values),
        median_ltv=_median_money(values),
        accounts_with_content=len(with_content),
        median_ltv_with_content=_median_money(with_content),
    )


def asset_account_ltv(*, asset_ids: list[int] | None = None) -> dict[int, Decimal | None]:
    """Per asset: the median LTV of the accounts in whose won deals it was used."""
    rates = exchange_rates()
    ltv_by_account = dict(
        Deal.objects.filter(status=Deal.Status.WON, currency__in=list(rates))
        .order_by()
        .values("account")
        .annotate(ltv=Sum(converted_amount(rates)))
        .values_list("account", "ltv")
    )
    pairs = DealInfluence.objects.filter(deal__status=Deal.Status.WON)
    if asset_ids is not None:
        pairs = pairs.filter(asset_id__in=asset_ids)
    accounts: dict[int, set[str]] = defaultdict(set)
    for asset_id, account in pairs.values_list("asset_id", "deal__account").distinct():
        accounts[asset_id].add(account)
    return {
        asset_id: _median_money([ltv_by_account[a] for a in names if a in ltv_by_account])
        for asset_id, names in accounts.items()
    }


def baseline_win_rate(
    *, since: datetime.date, until: datetime.date, segment=None, team=None
) -> WinRate:
    """Won and lost over all deals closed in the period (segment and team filters)."""
    start, end = period_bounds(since=since, until=until)
    totals = (
        Deal.objects.filter(_closed_in(start, end))
        .filter(_deal_filter(segment=segment, team=team))
        .aggregate(
            won=Count("pk", distinct=True, filter=Q(status=Deal.Status.WON)),
            lost=Count("pk", distinct=True, filter=Q(status=Deal.Status.LOST)),
        )
    )
    return WinRate(won=totals["won"], lost=totals["lost"])
