"""Reads for a rep's home on /library/: open deals with their play or recommended assets,
recently used, favourites, new and updated content for their segments, notifications.

Every asset shown goes through ``content.selectors.assets_visible_to``; the query count
does not grow with the number of deals, favourites or uses (pinned in tests/home).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from content.models import AssetPage, PlayPage
from content.plays import plays_live, plays_ranked_for_deal
from content.selectors import assets_visible_to
from enablement.home.models import Favourite
from enablement.notifications.models import Notification
from enablement.notifications.selectors import notifications_for_user
from enablement.tracking.models import Deal, UsageEvent
from enablement.tracking.selectors import deals_open_for_user

DEALS_SHOWN = 5
ASSETS_PER_DEAL = 3
RECENT_SHOWN = 6
FAVOURITES_SHOWN = 12
NEW_SHOWN = 6
NOTIFICATIONS_SHOWN = 5
RECENT_EVENTS_SCANNED = 200


@dataclass(frozen=True)
class DealHome:
    deal: Deal
    play: PlayPage | None
    assets: list[AssetPage] = field(default_factory=list)  # when there is no play


@dataclass(frozen=True)
class NewAsset:
    asset: AssetPage
    is_new: bool  # first published since the last visit (else updated)


@dataclass(frozen=True)
class Home:
    deals: list[DealHome]
    recent: list[AssetPage]
    favourites: list[AssetPage]
    new: list[NewAsset]
    notifications: list[Notification]
    segments: list[str]
    favourite_ids: set[int]


def favourite_asset_ids(*, user) -> set[int]:
    return set(Favourite.objects.filter(user=user).values_list("asset_id", flat=True))


def _visible_by_id(*, user, ids) -> dict[int, AssetPage]:
    if not ids:
        return {}
    return {asset.pk: asset for asset in assets_visible_to(user=user).filter(pk__in=ids).specific()}


def home_for_user(*, user, new_since: datetime.datetime) -> Home:
    """What the rep needs now (see the module docstring)."""
    deals = list(
        deals_open_for_user(user=user)
        .select_related("segment", "stage")
        .order_by("-created_at")[:DEALS_SHOWN]
    )
    plays = list(plays_live().select_related("segment", "stage"))
    stages = {deal.stage.name for deal in deals if deal.stage}
    by_stage: dict[str, list[AssetPage]] = {}
    if stages:
        rows = (
            assets_visible_to(user=user)
            .filter(stages__name__in=stages)
            .values_list("pk", "stages__name")
        )
        pairs = [(pk, name) for pk, name in rows if name in stages]
        assets = _visible_by_id(user=user, ids={pk for pk, _ in pairs})
        for pk, name in sorted(
            pairs, key=lambda pair: assets[pair[0]].title if pair[0] in assets else ""
        ):
            if pk in assets and len(by_stage.setdefault(name, [])) < ASSETS_PER_DEAL:
                by_stage[name].append(assets[pk])
    deal_rows = []
    for deal in deals:
        segment = deal.segment.name if deal.segment else None
        stage = deal.stage.name if deal.stage else None
        matched = plays_ranked_for_deal(plays=plays, segment=segment, stage=stage, limit=1)
        play = matched[0] if matched else None
        deal_rows.append(
            DealHome(deal=deal, play=play, assets=[] if play else by_stage.get(stage or "", []))
        )

    recent_ids: list[int] = []
    for asset_id in (
        UsageEvent.objects.filter(user=user)
        .order_by("-occurred_at")
        .values_list("asset_id", flat=True)[:RECENT_EVENTS_SCANNED]
    ):
        if asset_id not in recent_ids:
            recent_ids.append(asset_id)
    favourite_ids = list(
        Favourite.objects.filter(user=user).values_list("asset_id", flat=True)[:200]
    )
    shown = _visible_by_id(user=user, ids=set(recent_ids) | set(favourite_ids))
    recent = [shown[pk] for pk in recent_ids if pk in shown][:RECENT_SHOWN]
    favourites = [shown[pk] for pk in favourite_ids if pk in shown][:FAVOURITES_SHOWN]

    segments = sorted({deal.segment.name for deal in deals if deal.segment})
    fresh = assets_visible_to(user=user).filter(last_published_at__gt=new_since)
    if segments:
        fresh = fresh.filter(segments__name__in=segments)
    fresh_ids = list(
        fresh.order_by("-last_published_at").values_list("pk", flat=True).distinct()[:NEW_SHOWN]
    )
    fresh_assets = _visible_by_id(user=user, ids=fresh_ids)
    new = [
        NewAsset(
            asset=fresh_assets[pk],
            is_new=bool(
                fresh_assets[pk].first_published_at
                and fresh_assets[pk].first_published_at > new_since
            ),
        )
        for pk in fresh_ids
        if pk in fresh_assets
    ]
    notifications = list(notifications_for_user(user=user)[:NOTIFICATIONS_SHOWN])
    return Home(
        deals=deal_rows,
        recent=recent,
        favourites=favourites,
        new=new,
        notifications=notifications,
        segments=segments,
        favourite_ids=set(favourite_ids),
    )
