"""Reads for deal rooms: a rep's rooms, resolving a room's token, what a room shows now."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from content.models import AssetPage
from content.previews import asset_first_thumbnails
from content.selectors import asset_is_live, asset_is_visible_to, asset_prospect_fields
from enablement.rooms.models import Room, RoomItem, RoomItemVisit, RoomVisitor
from enablement.tracking.lifecycle import asset_retirement
from enablement.tracking.models import UsageEvent
from enablement.tracking.services import share_token_hash

TOKEN_MAX_LENGTH = 100
ROOM_EVENT_OPEN = "open"
ROOM_EVENT_ITEM = "item"
ROOM_EVENT_DOWNLOAD = "download"


def rooms_for_user(*, user) -> QuerySet[Room]:
    """The rooms ``user`` owns, newest first, with their deal."""
    if not user or not user.is_authenticated:
        return Room.objects.none()
    return Room.objects.filter(owner=user).select_related("deal")


def room_for_owner(*, user, room_id) -> Room | None:
    """One room by primary key if ``user`` owns it (anything else, bad ids included: None)."""
    try:
        pk = int(room_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return rooms_for_user(user=user).filter(pk=pk).first()


class RoomState(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNAVAILABLE = "unavailable"  # its owner left


@dataclass
class RoomResolution:
    state: RoomState
    room: Room | None = None

    @property
    def serves(self) -> bool:
        return self.state is RoomState.OK


def room_resolve(*, token: str) -> RoomResolution:
    """The room for a token and whether it serves anything now (by the token's hash only;
    a malformed token is just unknown). A revoked or expired room serves nothing at all:
    its page, items, images and files all stop at once."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return RoomResolution(RoomState.UNKNOWN)
    room = (
        Room.objects.select_related("deal", "owner")
        .filter(token_hash=share_token_hash(token))
        .first()
    )
    if room is None:
        return RoomResolution(RoomState.UNKNOWN)
    if room.revoked_at is not None:
        return RoomResolution(RoomState.REVOKED, room)
    if room.is_expired(now=timezone.now()):
        return RoomResolution(RoomState.EXPIRED, room)
    if not room.owner.is_active:
        return RoomResolution(RoomState.UNAVAILABLE, room)
    return RoomResolution(RoomState.OK, room)


@dataclass
class ShownItem:
    """One item as the prospect sees it: ``asset`` is the item's asset, or the live
    replacement of a retired or expired one (``replaced``)."""

    item: RoomItem
    asset: AssetPage
    replaced: bool = False
    fields: frozenset[str] = frozenset()
    thumbnail: dict | None = None
    extra: dict = field(default_factory=dict)


def _shown_asset(*, asset, owner) -> tuple[AssetPage | None, bool]:
    """What the prospect may see for ``asset`` now: itself when live and visible to the
    room's owner, else its replacement when the owner may see that, else nothing."""
    if asset_is_live(asset=asset):
        return (asset, False) if asset_is_visible_to(asset=asset, user=owner) else (None, False)
    retirement = asset_retirement(asset=asset)
    successor = retirement.successor if retirement else None
    if (
        successor is not None
        and asset_is_live(asset=successor)
        and asset_is_visible_to(asset=successor, user=owner)
    ):
        return successor, True
    return None, False


def room_items_shown(*, room: Room) -> list[ShownItem]:
    """The room's items a prospect may see now, in order, each at most once.

    Visibility is the room owner's, checked at read time: a draft, restricted (to a group
    the owner is not in) or retired asset without a visible replacement disappears.
    Thumbnails (page 1) are looked up in one query; their URLs are the caller's.
    """
    items = list(room.items.select_related("asset").order_by("position", "pk"))
    chosen: list[tuple[RoomItem, AssetPage, bool]] = []
    seen: set[int] = set()
    for item in items:
        asset, replaced = _shown_asset(asset=item.asset, owner=room.owner)
        if asset is None or asset.pk in seen:
            continue
        seen.add(asset.pk)
        chosen.append((item, asset, replaced))
    # One query per asset type, not one per item.
    specific = {page.pk: page for page in AssetPage.objects.filter(pk__in=seen).specific()}
    shown = [
        ShownItem(
            item=item,
            asset=specific[asset.pk],
            replaced=replaced,
            fields=asset_prospect_fields(asset=specific[asset.pk]),
        )
        for item, asset, replaced in chosen
        if asset.pk in specific
    ]
    thumbnails = asset_first_thumbnails(
        asset_ids=[entry.asset.pk for entry in shown if "attachment" in entry.fields]
    )
    for entry in shown:
        entry.thumbnail = thumbnails.get(entry.asset.pk)
    return shown


def room_item_shown(*, room: Room, item_id) -> ShownItem | None:
    """One item of the room as the prospect may see it now, by the item's id."""
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        return None
    for entry in room_items_shown(room=room):
        if entry.item.pk == pk:
            return entry
    return None


@dataclass
class VisitorActivity:
    visitor: RoomVisitor
    events: list[UsageEvent]
    visits: list[RoomItemVisit]
    """Their readings of the room's items, with time per page, newest first."""


def room_activity(*, room: Room) -> list[VisitorActivity]:
    """Who opened the room and what they viewed, newest visitor first; the events are the
    prospect's usage events on the room's deal (``metadata.room`` is the room's id)."""
    visitors = list(
        room.visitors.prefetch_related(
            Prefetch("visits", queryset=RoomItemVisit.objects.select_related("asset"))
        )
    )
    events = (
        UsageEvent.objects.filter(deal_id=room.deal_id, metadata__room=room.pk)
        .select_related("asset")
        .order_by("-occurred_at")
    )
    by_visitor: dict[str, list[UsageEvent]] = {}
    for event in events:
        if event.metadata.get("room_event") == ROOM_EVENT_OPEN:
            continue  # the opens are the visitor's own figures; these list what was viewed
        by_visitor.setdefault(event.metadata.get("visitor", ""), []).append(event)
    return [
        VisitorActivity(
            visitor=visitor,
            events=by_visitor.get(visitor.visitor_key, []),
            visits=list(visitor.visits.all()),
        )
        for visitor in visitors
    ]
