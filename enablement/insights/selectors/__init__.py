"""Content metrics for managers, exactly as DESIGN §6 defines them.

Every number comes from the rollups (``AssetDailyUsage``, ``AssetUserDailyUsage``,
``AssetUserBitmap`` for exact distinct users over any period: whole months, prefix and
suffix bitmaps for the partial ones),
attribution (``DealInfluence``) and ``Deal`` rows, never from a scan of raw
``UsageEvent`` rows, so a request costs the same at 5,000 or 5,000,000 events.

Conventions shared by every selector here:

- ``since``/``until`` are inclusive dates, read in the site time zone (UTC).
- ``segment`` narrows usage to assets tagged with it and deals to deals in it.
- ``team`` (an ``insights.models.Team``) narrows usage to
  its members' events (prospect opens of share links have no user and drop out) and
  deals to deals its members own.
- A deal counts as *influenced in the period* when an asset's influencing uses of it
  (first to last) overlap the period, or when it closed in the period; won and lost are
  counted by ``closed_at`` in the period.
- Rates are fractions 0..1, ``None`` ("not enough data") below ``MIN_CLOSED_DEALS``
  closed deals; money is ``Decimal`` rounded to cents; durations are days (1 decimal).
- Restricted assets are included: these numbers are for managers (and marketers on
  their own assets). Callers showing assets to anyone else filter with content.selectors.

One module per seam: ``results`` (the returned types), ``periods``, ``usage`` (building
blocks over the rollups), ``library``, ``assets``, ``adoption``, ``gaps`` and
``confidence`` (per-asset intervals and like-for-like lifts) and ``content_confidence``
(the same for the library, and one asset's value estimates); every name is
re-exported here, so ``from enablement.insights.selectors import X`` keeps working.
"""

from enablement.insights.selectors.adoption import (
    adoption_by_rep,
    adoption_by_team,
    segment_stage_heatmap,
)
from enablement.insights.selectors.assets import (
    asset_deals,
    asset_performance,
    usage_series,
)
from enablement.insights.selectors.confidence import (
    DECISION_LIFT,
    FIX,
    KEEP,
    MIN_VERDICT_DEALS,
    UNKNOWN,
    AssetConfidence,
    asset_confidence,
    asset_stats,
    no_deals,
    size_band,
)
from enablement.insights.selectors.content_confidence import (
    ContentConfidence,
    Estimate,
    asset_value,
    content_confidence,
    summary_stats,
)
from enablement.insights.selectors.currency import (
    revenue_without_rate,
)
from enablement.insights.selectors.gaps import (
    content_gaps,
)
from enablement.insights.selectors.library import (
    account_ltv,
    asset_account_ltv,
    baseline_win_rate,
    summary,
)
from enablement.insights.selectors.periods import (
    CENT,
    _period_split,
    period_bounds,
)
from enablement.insights.selectors.plays import (
    PlayScorecard,
    play_scorecard,
)
from enablement.insights.selectors.results import (
    MIN_CLOSED_DEALS,
    SIZE_BANDS,
    AccountLtv,
    AssetPerformance,
    ContentGaps,
    DealTouched,
    HeatMap,
    RepAdoption,
    SegmentLeadTime,
    Summary,
    TeamAdoption,
    UsagePoint,
    WinRate,
    ZeroResultQuery,
)
from enablement.insights.selectors.usage import (
    assets_unused,
    live_assets,
    sales_teams,
)

__all__ = [
    "CENT",
    "DECISION_LIFT",
    "FIX",
    "KEEP",
    "MIN_CLOSED_DEALS",
    "MIN_VERDICT_DEALS",
    "SIZE_BANDS",
    "UNKNOWN",
    "AccountLtv",
    "AssetConfidence",
    "AssetPerformance",
    "ContentConfidence",
    "ContentGaps",
    "DealTouched",
    "Estimate",
    "HeatMap",
    "PlayScorecard",
    "RepAdoption",
    "SegmentLeadTime",
    "Summary",
    "TeamAdoption",
    "UsagePoint",
    "WinRate",
    "ZeroResultQuery",
    "_period_split",
    "account_ltv",
    "adoption_by_rep",
    "adoption_by_team",
    "asset_account_ltv",
    "asset_confidence",
    "asset_deals",
    "asset_performance",
    "asset_stats",
    "asset_value",
    "assets_unused",
    "baseline_win_rate",
    "content_confidence",
    "content_gaps",
    "live_assets",
    "no_deals",
    "period_bounds",
    "play_scorecard",
    "revenue_without_rate",
    "sales_teams",
    "segment_stage_heatmap",
    "size_band",
    "summary",
    "summary_stats",
    "usage_series",
]
