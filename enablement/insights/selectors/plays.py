"""The play scorecard: who opened a play, which of its assets were used in deals, and the
win rate of the deals that used it (DESIGN §6 definitions, the period conventions of this
package)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from content.models import AssetPage, PlayOpen, PlayPage
from enablement.insights import statistics
from enablement.insights.selectors.periods import _closed_in, _influences_in_period, period_bounds
from enablement.insights.selectors.results import WinRate
from enablement.insights.statistics import Interval
from enablement.tracking.models import Deal, DealInfluence


@dataclass(frozen=True)
class PlayRep:
    user_id: int
    name: str
    days_opened: int
    last_opened_at: datetime.datetime


@dataclass(frozen=True)
class PlayAssetUse:
    asset_id: int
    title: str
    deals: int  # distinct deals it influenced in the period


@dataclass(frozen=True)
class PlayScorecard:
    play_id: int
    title: str
    reps: list[PlayRep]
    assets: list[PlayAssetUse]
    deals_used: int  # distinct deals any of the play's assets influenced in the period
    win_rate: WinRate  # over those deals that closed in the period
    win_rate_ci: Interval | None  # Wilson 95 %, only when the rate is known
    baseline: WinRate  # every deal closed in the period

    @property
    def reps_opened(self) -> int:
        return len(self.reps)


def play_scorecard(*, play: PlayPage, since: datetime.date, until: datetime.date) -> PlayScorecard:
    """The scorecard of ``play`` for the inclusive dates ``since``..``until``.

    The play's assets are those it lists now (retired ones included: their past use
    counts). A deal *used the play* when one of them influenced it in the period. The win
    rate is ``None`` below ``MIN_CLOSED_DEALS`` closed deals; six queries whatever the sizes.
    """
    start, end = period_bounds(since=since, until=until)
    opens = (
        PlayOpen.objects.filter(play=play, day__gte=since, day__lte=until)
        .values("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(days=Count("day"), last=Max("opened_at"))
        .order_by("-days", "user__username")
    )
    reps = [
        PlayRep(
            user_id=row["user_id"],
            name=f"{row['user__first_name']} {row['user__last_name']}".strip()
            or row["user__username"],
            days_opened=row["days"],
            last_opened_at=row["last"],
        )
        for row in opens
    ]
    asset_ids = sorted(set(play.items.values_list("asset_id", flat=True)))
    titles = dict(AssetPage.objects.filter(pk__in=asset_ids).values_list("pk", "title"))
    pairs = _influences_in_period(
        start, end, DealInfluence.objects.filter(asset_id__in=asset_ids), "asset_id", "deal_id"
    )
    deals_by_asset: dict[int, set[int]] = defaultdict(set)
    for row in pairs:
        deals_by_asset[row["asset_id"]].add(row["deal_id"])
    deal_ids = set().union(*deals_by_asset.values()) if deals_by_asset else set()
    assets = sorted(
        (
            PlayAssetUse(asset_id=pk, title=titles.get(pk, ""), deals=len(deals_by_asset[pk]))
            for pk in asset_ids
        ),
        key=lambda use: (-use.deals, use.title),
    )
    rate = _win_rate(Deal.objects.filter(pk__in=deal_ids).filter(_closed_in(start, end)))
    baseline = _win_rate(Deal.objects.filter(_closed_in(start, end)))
    return PlayScorecard(
        play_id=play.pk,
        title=play.title,
        reps=reps,
        assets=assets,
        deals_used=len(deal_ids),
        win_rate=rate,
        win_rate_ci=None
        if rate.rate is None
        else statistics.wilson_interval(rate.won, rate.closed),
        baseline=baseline,
    )


def _win_rate(deals) -> WinRate:
    totals = deals.aggregate(
        won=Count("pk", distinct=True, filter=Q(status=Deal.Status.WON)),
        lost=Count("pk", distinct=True, filter=Q(status=Deal.Status.LOST)),
    )
    return WinRate(won=totals["won"], lost=totals["lost"])
