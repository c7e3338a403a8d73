"""Reads for usage tracking: a user's deals and share links, resolving share tokens."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from content.selectors import user_is_manager, user_is_marketer
from enablement.tracking.models import Deal, DealDataGeneration, ShareLink, ShareLinkVisit

if TYPE_CHECKING:
    from content.models import AssetPage


def deals_open_for_user(*, user) -> QuerySet[Deal]:
    """Open deals the user owns (the ones "Use in deal" and "Share" offer)."""
    if not user or not user.is_authenticated:
        return Deal.objects.none()
    return Deal.objects.filter(owner=user, status=Deal.Status.OPEN).order_by("account", "name")


def user_is_deal_integrator(*, user) -> bool:
    """May write deals and backfill usage on any deal: superusers, Managers, or an
    integration user given ``tracking.change_deal``."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return user_is_manager(user=user) or user.has_perm("tracking.change_deal")


def deals_linkable_for_user(*, user) -> QuerySet[Deal]:
    """Deals the user may link usage to: an integration user any deal, open or closed (to
    backfill history); everyone else only their own open deals (``deals_open_for_user``),
    so a rep can neither credit another rep's deal nor a deal already decided."""
    if user_is_deal_integrator(user=user):
        return Deal.objects.all()
    return deals_open_for_user(user=user).order_by()


def deal_open_for_user(*, user, deal_id) -> Deal | None:
    """One open deal, by primary key, the user may link usage to now (in-product capture)."""
    try:
        pk = int(deal_id)
    except (TypeError, ValueError):
        return None
    if not -(2**63) <= pk < 2**63:
        return None
    return deals_linkable_for_user(user=user).filter(status=Deal.Status.OPEN, pk=pk).first()


DEAL_ID_MAX = 2**63


def deals_visible_to(*, user) -> QuerySet[Deal]:
    """The deals ``user`` may look at (the deal page): their own, and every deal for
    Managers, Marketing and superusers. Anonymous or inactive users see none."""
    if not user or not user.is_authenticated or not user.is_active:
        return Deal.objects.none()
    if user_is_manager(user=user) or user_is_marketer(user=user):
        return Deal.objects.all()
    return Deal.objects.filter(owner=user)


def deal_visible_to(*, user, deal_id) -> Deal | None:
    """One deal by primary key if ``user`` may see it (``deals_visible_to``), with its
    owner, segment and stage; anything else, hostile ids included, is ``None``."""
    try:
        pk = int(str(deal_id))
    except (TypeError, ValueError):
        return None
    if not 0 < pk < DEAL_ID_MAX:
        return None
    return (
        deals_visible_to(user=user)
        .select_related("owner", "segment", "stage")
        .filter(pk=pk)
        .first()
    )


def share_links_for_user(*, user) -> QuerySet[ShareLink]:
    """The user's links with their prospects' visits (newest first), in three queries."""
    return (
        ShareLink.objects.filter(created_by=user)
        .select_related("asset", "deal")
        .prefetch_related(
            Prefetch("visits", queryset=ShareLinkVisit.objects.order_by("-started_at"))
        )
    )


def share_visits_for_deal(*, deal) -> QuerySet[ShareLinkVisit]:
    """Every prospect visit through the deal's share links, newest first (the deal page)."""
    return (
        ShareLinkVisit.objects.filter(link__deal=deal)
        .select_related("link", "asset")
        .order_by("-started_at")
    )


class ShareLinkState(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REPLACED = "replaced"  # the asset was retired or expired; a live replacement is shown
    RETIRED = "retired"  # the asset was retired or expired and nothing replaces it
    UNAVAILABLE = "unavailable"  # the asset is no longer live or shareable


@dataclass
class ShareLinkResolution:
    state: ShareLinkState
    link: ShareLink | None = None
    asset: AssetPage | None = None
    """What the prospect sees: the link's asset, or its replacement (``REPLACED``)."""
    retired_kind: str | None = None
    """``retired`` or ``expired`` for ``REPLACED`` and ``RETIRED``."""

    @property
    def shows_asset(self) -> bool:
        return self.state in (ShareLinkState.OK, ShareLinkState.REPLACED)


def share_link_resolve(*, token: str) -> ShareLinkResolution:
    """Find the link for a token and say what a prospect may see through it now.

    Looked up by the token's hash only; a malformed token is just unknown. A retired or
    expired asset resolves to its live replacement (``REPLACED``) when the link's creator
    may still share that replacement (never a draft, expired or restricted page they could
    not see), else to ``RETIRED``.
    """
    from content.selectors import asset_is_live, asset_is_visible_to
    from enablement.tracking.lifecycle import EXPIRED, asset_retirement
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
    if not creator.is_active:
        return ShareLinkResolution(ShareLinkState.UNAVAILABLE, link)
    if asset_is_live(asset=asset):
        if asset_is_visible_to(asset=asset, user=creator):
            return ShareLinkResolution(ShareLinkState.OK, link, asset.specific)
        return ShareLinkResolution(ShareLinkState.UNAVAILABLE, link)
    retirement = asset_retirement(asset=asset)
    # Live but past its expire_at counts as expired before the scheduler unpublishes it.
    expired = asset.expired or (asset.expire_at is not None and asset.expire_at <= timezone.now())
    if retirement is None and not expired:
        # Unpublished (back to draft, say) without being retired: nothing to say about it.
        return ShareLinkResolution(ShareLinkState.UNAVAILABLE, link)
    retired_kind = retirement.kind if retirement else EXPIRED
    successor = retirement.successor if retirement else None
    if successor is not None and asset_is_visible_to(asset=successor, user=creator):
        return ShareLinkResolution(ShareLinkState.REPLACED, link, successor, retired_kind)
    return ShareLinkResolution(ShareLinkState.RETIRED, link, retired_kind=retired_kind)


# Drop-off reads at most this many recent visits (a deck's story is in its recent ones).
DROPOFF_MAX_VISITS = 5000


def share_dropoff(
    *, asset_id: int, page_numbers: Sequence[int]
) -> tuple[int, list[tuple[int, int]]]:
    """Prospect visits of an asset through share links and, per page of ``page_numbers``
    (the deck's real page or slide numbers, in order: a hidden slide's number is absent),
    how many of them reached it (their furthest page read is that page or later).

    Returns ``(visits, [(page, visits_reaching), ...])``; reads the most recent
    ``DROPOFF_MAX_VISITS`` visits.
    """
    rows = ShareLinkVisit.objects.filter(asset_id=asset_id).order_by("-started_at")
    furthest: list[int] = []
    for pages in rows.values_list("pages", flat=True)[:DROPOFF_MAX_VISITS]:
        numbers = [int(key) for key in (pages or {}) if str(key).isdigit()]
        if numbers:
            furthest.append(max(numbers))
    reached = [(page, sum(1 for f in furthest if f >= page)) for page in page_numbers]
    return len(furthest), reached


def deal_data_generation() -> int | None:
    """The deal-data generation (``DealDataGeneration``): a figure derived from every deal
    and influence, cached under this number, is current while the number is unchanged.
    ``None`` before the first write: nothing may be cached."""
    return DealDataGeneration.objects.filter(pk=1).values_list("generation", flat=True).first()
