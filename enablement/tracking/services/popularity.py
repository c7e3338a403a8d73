"""Per-asset popularity (deals influenced and won, win rate, recent use), the search
ranking inputs, recomputed from attribution and rollups."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from content.models import AssetPage
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetPopularity,
    Deal,
    DealInfluence,
    UsageEvent,
)
from enablement.tracking.signals import asset_popularity_changed, ranking_changed

POPULARITY_MIN_CLOSED_DEALS = 5

POPULARITY_FIELDS = ("deals_influenced", "deals_won", "win_rate", "uses_30d", "last_used_at")


def _popularity_zero() -> dict:
    return {
        "deals_influenced": 0,
        "deals_won": 0,
        "win_rate": None,
        "uses_30d": 0,
        "last_used_at": None,
    }


def asset_popularity_refresh(*, asset_ids=None) -> list[int]:
    """Recompute ``AssetPopularity`` (all assets with usage, or ``asset_ids``).

    Returns the ids whose figures changed; ``asset_popularity_changed`` announces those
    whose search ranking inputs changed.
    """

    today = timezone.now().date()
    influences = DealInfluence.objects.all()
    daily = AssetDailyUsage.objects.filter(day__gt=today - datetime.timedelta(days=30))
    events = UsageEvent.objects.all()
    existing = AssetPopularity.objects.all()
    if asset_ids is not None:
        asset_ids = set(asset_ids)
        influences = influences.filter(asset_id__in=asset_ids)
        daily = daily.filter(asset_id__in=asset_ids)
        events = events.filter(asset_id__in=asset_ids)
        existing = existing.filter(asset_id__in=asset_ids)
    figures: dict[int, dict] = defaultdict(_popularity_zero)
    for row in (
        influences.values("asset_id")
        .annotate(
            influenced=Count("id"),
            won=Count("id", filter=Q(deal__status=Deal.Status.WON)),
            lost=Count("id", filter=Q(deal__status=Deal.Status.LOST)),
        )
        .order_by()
    ):
        entry = figures[row["asset_id"]]
        entry["deals_influenced"] = row["influenced"]
        entry["deals_won"] = row["won"]
        closed = row["won"] + row["lost"]
        if closed >= POPULARITY_MIN_CLOSED_DEALS:
            entry["win_rate"] = round(row["won"] / closed, 6)
    for row in daily.values("asset_id").annotate(uses=Sum("uses")).order_by():
        figures[row["asset_id"]]["uses_30d"] = row["uses"]
    for row in events.values("asset_id").annotate(last=Max("occurred_at")).order_by():
        figures[row["asset_id"]]["last_used_at"] = row["last"]
    current = {
        row["asset_id"]: row
        for row in existing.values(
            "asset_id", "deals_influenced", "deals_won", "win_rate", "uses_30d", "last_used_at"
        )
    }
    for asset_id in current.keys() - figures.keys():
        figures[asset_id] = _popularity_zero()  # its usage vanished: back to zero
    live_ids = set(AssetPage.objects.filter(pk__in=list(figures)).values_list("pk", flat=True))
    changed = []
    reranked = []
    rows = []
    for asset_id, entry in figures.items():
        if asset_id not in live_ids:
            continue
        before = current.get(asset_id)
        if before is None or any(before[key] != value for key, value in entry.items()):
            changed.append(asset_id)
            rows.append(AssetPopularity(asset_id=asset_id, **entry))
            if ranking_changed(before, entry):
                reranked.append(asset_id)
    if rows:
        AssetPopularity.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["asset"],
            update_fields=[*POPULARITY_FIELDS, "updated_at"],
        )
    if reranked:
        asset_popularity_changed.send(sender=AssetPopularity, asset_ids=sorted(reranked))
    return sorted(changed)
