"""Reads for usage tracking: a user's deals and share links, resolving share tokens."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from enablement.tracking.models import Deal, ShareLink


def deals_open_for_user(*, user) -> QuerySet[Deal]:
    """Open deals the user owns (the ones "Use in deal" and "Share" offer)."""
    if not user or not user.is_authenticated:
        return Deal.objects.none()
    return Deal.objects.filter(owner=user, status=Deal.Status.OPEN).order_by("account", "name")


def deal_open_for_user(*, user, deal_id) -> Deal | None:
    """One of the user's open deals by primary key (superusers: any open deal)."""
    deals = Deal.objects.filter(status=Deal.Status.OPEN)
    if not user.is_superuser:
        deals = deals.filter(owner=user)
    try:
        return deals.filter(pk=int(deal_id)).first()
    except (TypeError, ValueError):
        return None


def share_links_for_user(*, user) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(created_by=user).select_related("asset", "deal")


class ShareLinkState(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNAVAILABLE = "unavailable"  # the asset is no longer live or shareable


@dataclass
class ShareLinkResolution:
    state: ShareLinkState
    link: ShareLink | None = None


def share_link_resolve(*, token: str) -> ShareLinkResolution:
    """Find the link for a token and say whether a prospect may see it now.

    Looked up by the token's hash only; a malformed token is just unknown.
    """
    from content.selectors import asset_is_visible_to
    from enablement.tracking.services import share_token_hash

    if not token or len(token) > 100:
        return ShareLinkResolution(ShareLinkState.UNKNOWN)
    link = (
        ShareLink.objects.select_related("asset", "deal", "created_by")
        .filter(token_hash=share_token_hash(token))
        .first()
    )
    if link is None:
        return ShareLinkResolution(ShareLinkState.UNKNOWN)
    if link.revoked_at is not None:
        return ShareLinkResolution(ShareLinkState.REVOKED, link)
    if link.is_expired(now=timezone.now()):
        return ShareLinkResolution(ShareLinkState.EXPIRED, link)
    asset = link.asset
    creator = link.created_by
    if (
        not asset.live
        or asset.expired
        or not creator.is_active
        or not asset_is_visible_to(asset=asset, user=creator)
    ):
        return ShareLinkResolution(ShareLinkState.UNAVAILABLE, link)
    return ShareLinkResolution(ShareLinkState.OK, link)
