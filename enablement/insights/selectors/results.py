"""Result types the insights selectors return (frozen dataclasses)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from content.models import ASSET_TYPES
from enablement.tracking.models import DEAL_SIZE_BAND_BOUNDS
from search.selectors import ZeroResultQuery

_TYPE_BY_MODEL = {cls._meta.model_name: cls.asset_type for cls in ASSET_TYPES.values()}
_LABEL_BY_TYPE = {cls.asset_type: cls.asset_type_label for cls in ASSET_TYPES.values()}

MIN_CLOSED_DEALS = 5
# Deal-size bands of the like-for-like lifts (``confidence``): (upper bound exclusive,
# label), in the deal's own currency; the last band has no upper bound. The bounds are
# tracking's (each influence carries its deal's band). Documented in the README ("How
# sure are these figures?").
SIZE_BANDS: tuple[tuple[Decimal | None, str], ...] = tuple(
    zip(
        (*DEAL_SIZE_BAND_BOUNDS, None),
        ("under 10,000", "10,000 to 50,000", "50,000 to 250,000", "250,000 and over"),
        strict=True,
    )
)


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
    # Won deals left out of every account's value: their currency has no exchange rate.
    deals_without_rate: int = 0


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
    # Influenced revenue of won deals whose currency has no exchange rate, per currency
    # (not in ``influenced_revenue``, which is in the default currency).
    influenced_revenue_without_rate: dict[str, Decimal] = field(default_factory=dict)

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
