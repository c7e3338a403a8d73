"""Reads for the deal page (/deals/<id>/): one deal with what was used and shared in it,
and what its prospects did with that.

Who may see a deal is ``tracking.selectors.deal_visible_to``; what the page lists of it
follows the viewer's asset visibility, so a deal page never names an asset the viewer may
not see (restricted to a group they are not in), and links only assets live now.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from content.models import AssetPage
from content.selectors import asset_is_live, asset_visibility_q
from enablement.rooms.models import Room, RoomItemVisit
from enablement.tracking.models import Deal, DealInfluence, ShareLink, ShareLinkVisit
from enablement.tracking.selectors import deal_visible_to, share_visits_for_deal


@dataclass
class DealPage:
    deal: Deal
    influences: list[DealInfluence]
    """The assets used in the deal, most used first."""
    share_links: list[ShareLink]
    visits: list[ShareLinkVisit]
    """Every prospect visit through the deal's share links, newest first."""
    rooms: list[Room]
    """The deal's rooms, each with ``opens`` (all its visitors' opens)."""
    room_visits: list[RoomItemVisit]
    """Every visitor's reading of a room item, newest first, each with ``via`` (the room,
    and the visitor's email where the room asked for one)."""
    viewer_is_owner: bool


def deal_page(*, user, deal_id) -> DealPage | None:
    """The deal page for ``user``, or ``None`` when they may not see the deal (or the id
    is not one). A fixed number of queries whatever the number of links and visits."""
    deal = deal_visible_to(user=user, deal_id=deal_id)
    if deal is None:
        return None
    visible = AssetPage.objects.filter(asset_visibility_q(user=user)).values("pk")
    influences = list(
        DealInfluence.objects.filter(deal=deal, asset__in=visible)
        .select_related("asset")
        .order_by("-uses", "-last_used_at", "pk")
    )
    visits = list(share_visits_for_deal(deal=deal).filter(asset__in=visible))
    share_links = list(
        ShareLink.objects.filter(deal=deal, asset__in=visible)
        .select_related("asset", "created_by")
        .order_by("-created_at")
    )
    rooms = list(
        Room.objects.filter(deal=deal)
        .select_related("owner")
        .annotate(opens=Sum("visitors__opens"))
        .order_by("-created_at")
    )
    room_visits = list(
        RoomItemVisit.objects.filter(visitor__room__deal=deal, asset__in=visible)
        .select_related("asset", "visitor__room")
        .order_by("-started_at")
    )
    for visit in room_visits:
        visitor = visit.visitor
        visit.via = " · ".join(filter(None, (visitor.room.title, visitor.email)))
    for entry in influences:
        entry.asset_is_live = asset_is_live(asset=entry.asset)
    for link in share_links:
        link.asset_is_live = asset_is_live(asset=link.asset)
    return DealPage(
        deal=deal,
        influences=influences,
        share_links=share_links,
        visits=visits,
        rooms=rooms,
        room_visits=room_visits,
        viewer_is_owner=deal.owner_id == user.pk,
    )
