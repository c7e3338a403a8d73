"""Content metrics for managers, exactly as DESIGN §6 defines them.

Every number comes from the rollups (``AssetDailyUsage``, ``AssetUserDailyUsage``,
``AssetUserMonthlyUsage`` for distinct users over whole months),
attribution (``DealInfluence``) and ``Deal`` rows, never from a scan of raw
``UsageEvent`` rows, so a request costs the same at 5,000 or 5,000,000 events.

Conventions shared by every selector here:

- ``since``/``until`` are inclusive dates, read in the site time zone (UTC).
- ``segment`` narrows usage to assets tagged with it and deals to deals in it.
- ``team`` (a Django group other than Sales, Marketing and Managers) narrows usage to
  its members' events (prospect opens of share links have no user and drop out) and
  deals to deals its members own.
- A deal counts as *influenced in the period* when an asset's influencing uses of it
  (first to last) overlap the period, or when it closed in the period; won and lost are
  counted by ``closed_at`` in the period.
- Rates are fractions 0..1, ``None`` ("not enough data") below ``MIN_CLOSED_DEALS``
  closed deals; money is ``Decimal`` rounded to cents; durations are days (1 decimal).
- Restricted assets are included: these numbers are for managers (and marketers on
  their own assets). Callers showing assets to anyone else filter with content.selectors.
"""

from __future__ import annotations

import datetime
import logging
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from content.groups import ALL_GROUPS, SALES
from content.models import ASSET_TYPES, AssetPage, SegmentTag, StageTag, TaggedSegment, TaggedStage
from content.selectors import asset_live_q, assets_live
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetUserDailyUsage,
    AssetUserMonthlyUsage,
    Deal,
    DealInfluence,
)

logger = logging.getLogger(__name__)

MIN_CLOSED_DEALS = 5
CENT = Decimal("0.01")
_TYPE_BY_MODEL = {cls._meta.model_name: cls.asset_type for cls in ASSET_TYPES.values()}
_LABEL_BY_TYPE = {cls.asset_type: cls.asset_type_label for cls in ASSET_TYPES.values()}


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WinRate:
    won: int
    lost: int

    @property
    def closed(self) -> int:
        return self.won + self.lost

    @property
    def rate(self) -> float | None:
        """won / (won + lost), or ``None`` ("not enough data") below 5 closed deals."""
        if self.closed < MIN_CLOSED_DEALS:
            return None
        return self.won / self.closed


@dataclass(frozen=True)
class SegmentLeadTime:
    segment: str
    won_deals: int
    median_days: float | None


@dataclass(frozen=True)
class ZeroResultQuery:
    query: str
    count: int
    last_seen: datetime.datetime | None


@dataclass(frozen=True)
class ContentGaps:
    """Zero-result searches (search app) and open content requests (governance)."""

    queries_available: bool
    zero_result_queries: list[ZeroResultQuery]
    requests_available: bool
    open_requests: int | None
    requests_by_status: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountLtv:
    """Median all-time account value (sum of won amounts) overall and with content."""

    accounts: int
    median_ltv: Decimal | None
    accounts_with_content: int
    median_ltv_with_content: Decimal | None


@dataclass(frozen=True)
class Summary:
    since: datetime.date
    until: datetime.date
    uses: int
    active_users: int
    assets_live: int
    assets_used: int
    assets_unused: int
    unused_share: float | None
    deals_influenced: int
    deals_won: int
    deals_lost: int
    win_rate_influenced: WinRate
    baseline: WinRate
    with_content: WinRate
    without_content: WinRate
    influenced_revenue: Decimal
    median_days_to_close_with_content: float | None
    median_days_to_close_all: float | None
    freshness: float | None
    account_ltv: AccountLtv
    lead_to_close: list[SegmentLeadTime]
    content_gaps: ContentGaps

    @property
    def win_rate_lift(self) -> float | None:
        if self.with_content.rate is None or self.baseline.rate is None:
            return None
        return self.with_content.rate - self.baseline.rate


@dataclass(frozen=True)
class AssetPerformance:
    asset_id: int
    title: str
    type: str
    live: bool
    uses: int
    users: int
    deals_influenced: int
    deals_won: int
    deals_lost: int
    win_rate: float | None
    win_rate_lift: float | None
    influenced_revenue: Decimal
    attributed_revenue: Decimal
    last_used_at: datetime.date | None

    @property
    def closed_deals(self) -> int:
        """The win rate's sample size."""
        return self.deals_won + self.deals_lost

    @property
    def type_label(self) -> str:
        return _LABEL_BY_TYPE.get(self.type, self.type)


@dataclass(frozen=True)
class UsagePoint:
    day: datetime.date
    uses: int
    users: int


@dataclass(frozen=True)
class DealTouched:
    deal_id: int
    external_id: str
    name: str
    account: str
    status: str
    amount: Decimal
    currency: str
    closed_at: datetime.datetime | None
    first_used_at: datetime.datetime
    last_used_at: datetime.datetime
    uses: int


@dataclass(frozen=True)
class RepAdoption:
    user_id: int
    name: str
    teams: list[str]
    uses: int
    assets_used: int
    active_days: int
    deals_closed: int
    deals_closed_with_content: int

    @property
    def content_share(self) -> float | None:
        """Share of the rep's closed deals that some asset influenced."""
        return self.deals_closed_with_content / self.deals_closed if self.deals_closed else None


@dataclass(frozen=True)
class TeamAdoption:
    team: str
    reps: int
    active_reps: int
    uses: int
    deals_closed: int
    deals_closed_with_content: int

    @property
    def active_share(self) -> float | None:
        return self.active_reps / self.reps if self.reps else None

    @property
    def content_share(self) -> float | None:
        return self.deals_closed_with_content / self.deals_closed if self.deals_closed else None


@dataclass(frozen=True)
class HeatMap:
    """Segment x stage: uses in the period and live assets (coverage) per cell.

    An asset tagged with two segments and three stages counts in all six cells.
    """

    segments: list[str]
    stages: list[str]
    usage: dict[tuple[str, str], int]
    coverage: dict[tuple[str, str], int]

    def rows(self) -> list[dict]:
        return [
            {
                "segment": seg,
                "cells": [
                    {
                        "stage": st,
                        "uses": self.usage.get((seg, st), 0),
                        "live_assets": self.coverage.get((seg, st), 0),
                    }
                    for st in self.stages
                ],
            }
            for seg in self.segments
        ]


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------


def period_bounds(*, since: datetime.date, until: datetime.date):
    """Aware datetimes [start, end) covering the inclusive dates ``since``..``until``."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def team_groups() -> QuerySet[Group]:
    """Teams are the Django groups other than the three role groups."""
    return Group.objects.exclude(name__in=ALL_GROUPS).order_by("name")


def live_assets(*, segment: SegmentTag | None = None) -> QuerySet[AssetPage]:
    """Live-now assets (``content.selectors.assets_live``), restricted ones included."""
    queryset = assets_live()
    if segment is not None:
        queryset = queryset.filter(tagged_segments__tag=segment)
    return queryset


def _asset_usage(*, since, until, segment=None, team=None) -> QuerySet:
    """Per-day usage rows: all events, or only team members' events."""
    if team is not None:
        queryset = AssetUserDailyUsage.objects.filter(user__groups=team)
    else:
        queryset = AssetDailyUsage.objects.all()
    queryset = queryset.filter(day__gte=since, day__lte=until)
    if segment is not None:
        queryset = queryset.filter(asset__tagged_segments__tag=segment)
    return queryset


def _user_usage(*, since, until, segment=None, team=None) -> QuerySet:
    queryset = AssetUserDailyUsage.objects.filter(day__gte=since, day__lte=until)
    if team is not None:
        queryset = queryset.filter(user__groups=team)
    if segment is not None:
        queryset = queryset.filter(asset__tagged_segments__tag=segment)
    return queryset


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def _period_split(
    since: datetime.date, until: datetime.date
) -> tuple[tuple[datetime.date, datetime.date] | None, list[tuple[datetime.date, datetime.date]]]:
    """The whole calendar months inside ``since..until`` (first and last month start,
    inclusive, or ``None``) and the inclusive day ranges left at its edges."""
    first = since if since.day == 1 else _next_month(since)
    after_until = until + datetime.timedelta(days=1)
    # Exclusive end of the whole months: the day after ``until`` if it ends a month.
    end = after_until if after_until.day == 1 else until.replace(day=1)
    if first >= end:
        return None, [(since, until)]
    edges = []
    if since < first:
        edges.append((since, first - datetime.timedelta(days=1)))
    if end <= until:
        edges.append((end, until))
    last = (end - datetime.timedelta(days=1)).replace(day=1)
    return (first, last), edges


def _user_usage_parts(
    *, since, until, segment=None, team=None, asset_ids=None
) -> tuple[QuerySet | None, list[QuerySet]]:
    """Per-user usage for distinct-user counts: monthly rows for the whole months of the
    period, daily rows for the partial months at its edges (a 365-day period reads ~12
    monthly rows per asset and user instead of ~365 daily ones). Same users either way."""
    months, edges = _period_split(since, until)
    monthly = None
    if months is not None:
        monthly = AssetUserMonthlyUsage.objects.filter(month__gte=months[0], month__lte=months[1])
    daily = [_user_usage(since=first, until=last) for first, last in edges]
    parts = [part for part in [monthly, *daily] if part is not None]
    narrowed = []
    for part in parts:
        if team is not None:
            part = part.filter(user__groups=team)
        if segment is not None:
            part = part.filter(asset__tagged_segments__tag=segment)
        if asset_ids is not None:
            part = part.filter(asset_id__in=asset_ids)
        narrowed.append(part)
    if monthly is None:
        return None, narrowed
    return narrowed[0], narrowed[1:]


def _active_user_count(*, since, until, segment=None, team=None) -> int:
    """Distinct users with usage in the period: over whole months one index probe per
    user ("any use in these months?"), over the edge days the users found there."""
    monthly, daily = _user_usage_parts(since=since, until=until, segment=segment, team=team)
    sets = [part.values("user_id") for part in daily]
    if monthly is not None:
        users = get_user_model().objects.filter(Exists(monthly.filter(user_id=OuterRef("pk"))))
        sets.insert(0, users.values("pk"))
    if len(sets) == 1:
        return sets[0].order_by().distinct().count()
    return sets[0].order_by().union(*[part.order_by() for part in sets[1:]]).count()


def _users_by_asset(*, since, until, segment=None, team=None, asset_ids=None) -> dict[int, int]:
    """Distinct users per asset over the period, from monthly and edge daily rows."""
    monthly, daily = _user_usage_parts(
        since=since, until=until, segment=segment, team=team, asset_ids=asset_ids
    )
    parts = [
        part.order_by().values("asset_id", "user_id")
        for part in [monthly, *daily]
        if part is not None
    ]
    if len(parts) == 1:
        return dict(
            parts[0]
            .values("asset_id")
            .annotate(n=Count("user_id", distinct=True))
            .values_list("asset_id", "n")
        )
    # The ORM cannot group a UNION, so count around its SQL. UNION ALL plus COUNT(DISTINCT)
    # sorts per asset; a plain UNION's global dedupe was 4x slower at 5M events.
    pairs_sql, pairs_params = parts[0].union(*parts[1:], all=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT asset_id, COUNT(DISTINCT user_id) FROM ({pairs_sql}) pairs GROUP BY asset_id",
            pairs_params,
        )
        return dict(cursor.fetchall())


def _deal_filter(*, segment=None, team=None, prefix: str = "") -> Q:
    condition = Q()
    if segment is not None:
        condition &= Q(**{f"{prefix}segment": segment})
    if team is not None:
        condition &= Q(**{f"{prefix}owner__groups": team})
    return condition


def _closed_in(start, end, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}status__in": [Deal.Status.WON, Deal.Status.LOST],
            f"{prefix}closed_at__gte": start,
            f"{prefix}closed_at__lt": end,
        }
    )


def _influences_in_period(start, end, influences: QuerySet, *fields: str) -> QuerySet:
    """``fields`` of influences in the period: uses (first to last) overlapping it, or the
    deal closed in it. A UNION rather than an OR, so each side uses its own index
    (the overlap side the covering index of insights' migration 0003)."""
    overlapping = influences.filter(last_used_at__gte=start, first_used_at__lt=end)
    closed = influences.filter(_closed_in(start, end, prefix="deal__"))
    return overlapping.values(*fields).union(closed.values(*fields))


def _days(created_at, closed_at) -> float:
    return (closed_at - created_at).total_seconds() / 86400


def _median_days(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _median_money(values: list[Decimal]) -> Decimal | None:
    return Decimal(statistics.median(values)).quantize(CENT) if values else None


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


# ---------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------


def summary(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Group | None = None,
    include_gaps: bool = True,
) -> Summary:
    """Every DESIGN §6 library-level metric for the period (see module docstring)."""
    start, end = period_bounds(since=since, until=until)
    today = timezone.localdate()

    used = _asset_usage(since=since, until=until, segment=segment, team=team).filter(uses__gt=0)
    library = live_assets(segment=segment).aggregate(
        live=Count("pk", distinct=True),
        fresh=Count(
            "pk", distinct=True, filter=Q(review_by__isnull=True) | Q(review_by__gte=today)
        ),
    )
    # EXISTS per live asset probes the (asset, day) unique index; an IN inside the
    # aggregate's FILTER would be re-scanned for every asset.
    library["used"] = (
        live_assets(segment=segment).filter(Exists(used.filter(asset_id=OuterRef("pk")))).count()
    )
    uses = used.aggregate(total=Sum("uses"))["total"] or 0
    active_users = _active_user_count(since=since, until=until, segment=segment, team=team)

    deals_influenced = _influences_in_period(
        start,
        end,
        DealInfluence.objects.filter(_deal_filter(segment=segment, team=team, prefix="deal__")),
        "deal_id",
    ).count()

    closed = (
        Deal.objects.filter(_closed_in(start, end))
        .filter(_deal_filter(segment=segment, team=team))
        .annotate(influenced=Exists(DealInfluence.objects.filter(deal=OuterRef("pk"))))
        .values_list(
            "pk", "status", "amount", "created_at", "closed_at", "influenced", "segment__name"
        )
        .distinct()
    )
    counts = {(True, "won"): 0, (True, "lost"): 0, (False, "won"): 0, (False, "lost"): 0}
    revenue = Decimal(0)
    days_all: list[float] = []
    days_with: list[float] = []
    days_by_segment: dict[str, list[float]] = defaultdict(list)
    for _pk, status, amount, created_at, closed_at, influenced, segment_name in closed:
        counts[(influenced, status)] += 1
        if status == Deal.Status.WON:
            days = _days(created_at, closed_at)
            days_all.append(days)
            days_by_segment[segment_name or "(no segment)"].append(days)
            if influenced:
                days_with.append(days)
                revenue += amount
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
        median_days_to_close_with_content=_median_days(days_with),
        median_days_to_close_all=_median_days(days_all),
        freshness=library["fresh"] / live if live else None,
        account_ltv=account_ltv(),
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


def account_ltv() -> AccountLtv:
    """Account lifetime value (all time, whole CRM): the sum of an account's won amounts."""
    influenced = DealInfluence.objects.filter(deal=OuterRef("pk"))
    rows = (
        Deal.objects.filter(status=Deal.Status.WON)
        .order_by()
        .values("account")
        .annotate(ltv=Sum("amount"), with_content=Count("pk", filter=Q(Exists(influenced))))
        .values_list("ltv", "with_content")
    )
    values = [ltv for ltv, _ in rows]
    with_content = [ltv for ltv, count in rows if count]
    return AccountLtv(
        accounts=len(values),
        median_ltv=_median_money(values),
        accounts_with_content=len(with_content),
        median_ltv_with_content=_median_money(with_content),
    )


def asset_account_ltv(*, asset_ids: list[int] | None = None) -> dict[int, Decimal | None]:
    """Per asset: the median LTV of the accounts in whose won deals it was used."""
    ltv_by_account = dict(
        Deal.objects.filter(status=Deal.Status.WON)
        .order_by()
        .values("account")
        .annotate(ltv=Sum("amount"))
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


def asset_performance(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Group | None = None,
    asset_ids: list[int] | None = None,
) -> list[AssetPerformance]:
    """Per asset: live assets (with zeros) and any asset active in the period.

    Ordered by uses (most first), then title. Six queries whatever the data size.
    """
    if asset_ids is not None and not asset_ids:
        return []
    start, end = period_bounds(since=since, until=until)

    usage = _asset_usage(since=since, until=until, segment=segment, team=team).filter(uses__gt=0)
    influences = DealInfluence.objects.filter(
        _deal_filter(segment=segment, team=team, prefix="deal__")
    )
    if segment is not None:
        influences = influences.filter(asset__tagged_segments__tag=segment)
    if asset_ids is not None:
        usage = usage.filter(asset_id__in=asset_ids)
        influences = influences.filter(asset_id__in=asset_ids)

    uses_by_asset = {
        row["asset_id"]: row
        for row in usage.order_by()
        .values("asset_id")
        .annotate(uses=Sum("uses"), last_day=Max("day"))
    }
    users_by_asset = _users_by_asset(
        since=since, until=until, segment=segment, team=team, asset_ids=asset_ids
    )
    # The ORM cannot group a UNION, so count its (asset, deal) rows around its SQL.
    pairs_sql, pairs_params = _influences_in_period(
        start, end, influences, "asset_id", "deal_id"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT asset_id, COUNT(*) FROM ({pairs_sql}) pairs GROUP BY asset_id", pairs_params
        )
        influenced_by_asset = dict(cursor.fetchall())
    outcomes = _asset_outcomes(
        start=start, end=end, segment=segment, team=team, asset_ids=asset_ids
    )
    baseline = baseline_win_rate(since=since, until=until, segment=segment, team=team)

    active_ids = set(uses_by_asset) | set(influenced_by_asset)
    assets = AssetPage.objects.filter(
        Q(pk__in=live_assets(segment=segment).values("pk")) | Q(pk__in=active_ids)
    )
    if asset_ids is not None:
        assets = assets.filter(pk__in=asset_ids)
    results = []
    live_now = ExpressionWrapper(asset_live_q(), output_field=BooleanField())
    for asset_id, title, model, live in assets.annotate(live_now=live_now).values_list(
        "pk", "title", "content_type__model", "live_now"
    ):
        used = uses_by_asset.get(asset_id, {})
        won, lost, revenue, attributed = outcomes.get(asset_id, (0, 0, None, None))
        rate = WinRate(won=won, lost=lost)
        lift = (
            rate.rate - baseline.rate
            if rate.rate is not None and baseline.rate is not None
            else None
        )
        results.append(
            AssetPerformance(
                asset_id=asset_id,
                title=title,
                type=_TYPE_BY_MODEL.get(model, model),
                live=live,
                uses=used.get("uses", 0),
                users=users_by_asset.get(asset_id, 0),
                deals_influenced=influenced_by_asset.get(asset_id, 0),
                deals_won=rate.won,
                deals_lost=rate.lost,
                win_rate=rate.rate,
                win_rate_lift=lift,
                influenced_revenue=_money(revenue),
                attributed_revenue=_money(attributed),
                last_used_at=used.get("last_day"),
            )
        )
    results.sort(key=lambda row: (-row.uses, row.title.lower(), row.asset_id))
    return results


def _asset_outcomes(*, start, end, segment=None, team=None, asset_ids=None) -> dict:
    """Per asset: (won, lost, influenced revenue, attributed revenue) of deals closed in
    the period that it influenced.

    One SQL statement: a window counts every deal's influencing assets *before* the
    asset filters apply, so each won amount is split over all of them, and only the
    influences of the period's closed deals are read (the ORM cannot aggregate over a
    window, hence raw SQL; it runs on PostgreSQL and SQLite alike: ``* 1.0`` because
    SQLite stores whole amounts as integers and would divide them as integers).
    """
    deal_table = Deal._meta.db_table
    influence_table = DealInfluence._meta.db_table
    deal_conditions = ["d.status IN (%s, %s)", "d.closed_at >= %s", "d.closed_at < %s"]
    # Bounds adapted as the ORM adapts a DateTimeField: SQLite stores naive UTC text, and
    # a raw aware datetime ("... 00:00:00+00:00") would compare as a longer string, so a
    # deal closed exactly at midnight on the 1st would count in the previous month.
    adapt = connection.ops.adapt_datetimefield_value
    params: list = [Deal.Status.WON, Deal.Status.LOST, adapt(start), adapt(end)]
    if segment is not None:
        deal_conditions.append("d.segment_id = %s")
        params.append(segment.pk)
    if team is not None:
        membership = get_user_model().groups.through._meta.db_table
        deal_conditions.append(
            f"d.owner_id IN (SELECT user_id FROM {membership} WHERE group_id = %s)"
        )
        params.append(team.pk)
    asset_conditions = ["1 = 1"]
    if segment is not None:
        asset_conditions.append(
            f"asset_id IN (SELECT content_object_id FROM {TaggedSegment._meta.db_table} "
            "WHERE tag_id = %s)"
        )
        params.append(segment.pk)
    if asset_ids is not None:
        if not asset_ids:
            return {}
        asset_conditions.append(f"asset_id IN ({', '.join(['%s'] * len(asset_ids))})")
        params.extend(asset_ids)
    sql = f"""
        WITH closed AS (
            SELECT d.id, d.status, d.amount FROM {deal_table} d
            WHERE {" AND ".join(deal_conditions)}
        ), shares AS (
            SELECT i.asset_id, c.status, c.amount,
                   COUNT(*) OVER (PARTITION BY i.deal_id) AS influencers
            FROM {influence_table} i JOIN closed c ON c.id = i.deal_id
        )
        SELECT asset_id,
               SUM(CASE WHEN status = 'won' THEN 1 ELSE 0 END),
               SUM(CASE WHEN status = 'lost' THEN 1 ELSE 0 END),
               SUM(CASE WHEN status = 'won' THEN amount END),
               SUM(CASE WHEN status = 'won' THEN amount * 1.0 / influencers END)
        FROM shares WHERE {" AND ".join(asset_conditions)}
        GROUP BY asset_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            asset_id: (
                int(won),
                int(lost),
                None if revenue is None else Decimal(str(revenue)),
                None if attributed is None else Decimal(str(attributed)),
            )
            for asset_id, won, lost, revenue, attributed in cursor.fetchall()
        }


def usage_series(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Group | None = None,
    asset_id: int | None = None,
) -> list[UsagePoint]:
    """Uses and active users per day, every day of the period (zeros included)."""
    usage = _asset_usage(since=since, until=until, segment=segment, team=team)
    users = _user_usage(since=since, until=until, segment=segment, team=team)
    if asset_id is not None:
        usage = usage.filter(asset_id=asset_id)
        users = users.filter(asset_id=asset_id)
    uses_by_day = dict(
        usage.order_by().values("day").annotate(n=Sum("uses")).values_list("day", "n")
    )
    users_by_day = dict(
        users.order_by()
        .values("day")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("day", "n")
    )
    points = []
    day = since
    while day <= until:
        points.append(
            UsagePoint(day=day, uses=uses_by_day.get(day, 0), users=users_by_day.get(day, 0))
        )
        day += datetime.timedelta(days=1)
    return points


def asset_deals(*, asset_id: int, limit: int = 200) -> list[DealTouched]:
    """Deals the asset influenced (all time), most recently used first."""
    rows = (
        DealInfluence.objects.filter(asset_id=asset_id)
        .select_related("deal")
        .order_by("-last_used_at")[:limit]
    )
    return [
        DealTouched(
            deal_id=row.deal_id,
            external_id=row.deal.external_id,
            name=row.deal.name,
            account=row.deal.account,
            status=row.deal.status,
            amount=row.deal.amount,
            currency=row.deal.currency,
            closed_at=row.deal.closed_at,
            first_used_at=row.first_used_at,
            last_used_at=row.last_used_at,
            uses=row.uses,
        )
        for row in rows
    ]


def adoption_by_rep(
    *,
    since: datetime.date,
    until: datetime.date,
    segment: SegmentTag | None = None,
    team: Group | None = None,
) -> list[RepAdoption]:
    """Per rep (members of Sales, or of ``team``, plus anyone who used content)."""
    start, end = period_bounds(since=since, until=until)
    user_model = get_user_model()
    usage = {
        row["user_id"]: row
        for row in _user_usage(since=since, until=until, segment=segment, team=team)
        .order_by()
        .values("user_id")
        .annotate(
            uses=Sum("uses"),
            assets=Count("asset_id", distinct=True),
            days=Count("day", distinct=True),
        )
    }
    deals = {
        row["owner_id"]: row
        for row in Deal.objects.filter(_closed_in(start, end), owner__isnull=False)
        .filter(_deal_filter(segment=segment, team=team))
        .order_by()
        .values("owner_id")
        .annotate(
            closed=Count("pk", distinct=True),
            with_content=Count("pk", distinct=True, filter=Q(influences__isnull=False)),
        )
    }
    members = Q(groups=team) if team is not None else Q(groups__name=SALES)
    reps = (
        user_model.objects.filter(members | Q(pk__in=list(usage)))
        .distinct()
        .values_list("pk", "username", "first_name", "last_name")
    )
    reps = list(reps)
    teams: dict[int, list[str]] = defaultdict(list)
    for user_id, name in (
        user_model.groups.through.objects.filter(user_id__in=[r[0] for r in reps])
        .exclude(group__name__in=ALL_GROUPS)
        .order_by("group__name")
        .values_list("user_id", "group__name")
    ):
        teams[user_id].append(name)
    results = []
    for user_id, username, first, last in reps:
        used = usage.get(user_id, {})
        closed = deals.get(user_id, {})
        results.append(
            RepAdoption(
                user_id=user_id,
                name=f"{first} {last}".strip() or username,
                teams=teams.get(user_id, []),
                uses=used.get("uses", 0),
                assets_used=used.get("assets", 0),
                active_days=used.get("days", 0),
                deals_closed=closed.get("closed", 0),
                deals_closed_with_content=closed.get("with_content", 0),
            )
        )
    results.sort(key=lambda row: (-row.uses, row.name.lower()))
    return results


def adoption_by_team(
    *, since: datetime.date, until: datetime.date, segment: SegmentTag | None = None
) -> list[TeamAdoption]:
    """Per team: reps, active reps (any use in the period), uses and content in deals."""
    reps = adoption_by_rep(since=since, until=until, segment=segment)
    by_team: dict[str, list[RepAdoption]] = defaultdict(list)
    for rep in reps:
        for name in rep.teams:
            by_team[name].append(rep)
    return [
        TeamAdoption(
            team=name,
            reps=len(members),
            active_reps=sum(1 for rep in members if rep.uses),
            uses=sum(rep.uses for rep in members),
            deals_closed=sum(rep.deals_closed for rep in members),
            deals_closed_with_content=sum(rep.deals_closed_with_content for rep in members),
        )
        for name, members in sorted(by_team.items())
    ]


def segment_stage_heatmap(
    *, since: datetime.date, until: datetime.date, team: Group | None = None
) -> HeatMap:
    """Uses in the period and live assets, per segment x stage the assets are tagged with."""
    segments = list(SegmentTag.objects.order_by("name").values_list("name", flat=True))
    stages = list(StageTag.objects.order_by("position", "name").values_list("name", flat=True))
    uses_by_asset = dict(
        _asset_usage(since=since, until=until, team=team)
        .order_by()
        .values("asset_id")
        .annotate(n=Sum("uses"))
        .values_list("asset_id", "n")
    )
    live_ids = set(live_assets().values_list("pk", flat=True))
    relevant = live_ids | set(uses_by_asset)
    segment_tags: dict[int, list[str]] = defaultdict(list)
    for asset_id, name in TaggedSegment.objects.filter(content_object_id__in=relevant).values_list(
        "content_object_id", "tag__name"
    ):
        segment_tags[asset_id].append(name)
    stage_tags: dict[int, list[str]] = defaultdict(list)
    for asset_id, name in TaggedStage.objects.filter(content_object_id__in=relevant).values_list(
        "content_object_id", "tag__name"
    ):
        stage_tags[asset_id].append(name)
    usage: dict[tuple[str, str], int] = defaultdict(int)
    coverage: dict[tuple[str, str], int] = defaultdict(int)
    for asset_id in relevant:
        for seg in segment_tags.get(asset_id, []):
            for st in stage_tags.get(asset_id, []):
                usage[(seg, st)] += uses_by_asset.get(asset_id, 0)
                if asset_id in live_ids:
                    coverage[(seg, st)] += 1
    return HeatMap(segments=segments, stages=stages, usage=dict(usage), coverage=dict(coverage))


def content_gaps(*, since: datetime.date, until: datetime.date, limit: int = 10) -> ContentGaps:
    """Zero-result queries (search app) and open content requests (governance).

    Both come from other apps; each part says whether it was available, so a missing
    app shows as "not available" rather than as zero gaps.
    """
    queries: list[ZeroResultQuery] = []
    queries_available = False
    try:
        from search.selectors import zero_result_queries
    except ImportError:
        zero_result_queries = None
    if zero_result_queries is not None:
        try:
            rows = zero_result_queries(since=since, until=until, limit=limit)
            queries = [_as_zero_result_query(row) for row in rows]
            queries_available = True
        except Exception:  # another app's failure must not take the dashboard down
            logger.exception("zero_result_queries failed")
    requests_available, open_requests, by_status = _content_requests()
    return ContentGaps(
        queries_available=queries_available,
        zero_result_queries=queries,
        requests_available=requests_available,
        open_requests=open_requests,
        requests_by_status=by_status,
    )


def _field(row, *names, default=None):
    for name in names:
        if isinstance(row, dict) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    return default


def _as_zero_result_query(row) -> ZeroResultQuery:
    return ZeroResultQuery(
        query=str(_field(row, "query", "normalized_query", "normalised_query", "text", default="")),
        count=int(_field(row, "count", "searches", "total", default=0) or 0),
        last_seen=_field(row, "last_seen", "last_seen_at", "last_searched_at"),
    )


def _content_requests() -> tuple[bool, int | None, dict[str, int]]:
    """Open content requests and counts by status, if governance provides them."""
    try:
        from enablement.governance.models import ContentRequest
        from enablement.governance.selectors import content_requests_open
    except ImportError:
        return False, None, {}
    by_status = dict(
        ContentRequest.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    labels = dict(ContentRequest.Status.choices)
    return (
        True,
        content_requests_open().count(),
        {labels.get(status, status): n for status, n in sorted(by_status.items())},
    )
