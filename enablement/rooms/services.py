"""Writes for deal rooms: create and edit them (their owner), record a prospect's visit.

The link reuses share links' rules (random 256-bit token, only its hash stored, 1 to 90
days). Adding an item records a ``share`` event on the deal, and every prospect open and
item view a ``view`` (or ``download``) event with no user, all through tracking's durable
``usage_event_record``, so the rollups count the items as influences on the deal. Prospect
event ids are derived from (room, visitor, what, asset, UTC day): a reload counts once.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from content.selectors import asset_is_live, asset_is_visible_to
from enablement.rooms.models import (
    ROOM_MAX_ITEMS,
    Room,
    RoomBeat,
    RoomItem,
    RoomItemVisit,
    RoomVisitor,
)
from enablement.rooms.selectors import ROOM_EVENT_DOWNLOAD, ROOM_EVENT_ITEM, ROOM_EVENT_OPEN
from enablement.rooms.signals import room_first_opened
from enablement.tracking.models import Deal, UsageEvent
from enablement.tracking.selectors import deals_open_for_user
from enablement.tracking.services import (
    SHARE_LINK_DEFAULT_DAYS,
    SHARE_LINK_MAX_DAYS,
    share_token_hash,
    usage_event_record,
)
from enablement.tracking.services.engagement import page_timings_merge


class RoomError(Exception):
    """Why a room cannot be changed so, for the field ``field`` (shown to the rep)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _check_owner(*, room: Room, user) -> None:
    if room.owner_id != getattr(user, "pk", None):
        raise PermissionError("Only the room's owner can change it.")


def _check_deal(*, deal: Deal, user) -> None:
    if deal is None or not deals_open_for_user(user=user).filter(pk=deal.pk).exists():
        raise RoomError("deal", _("Pick one of your open deals."))


def _check_days(expires_in_days: int) -> None:
    if not 1 <= expires_in_days <= SHARE_LINK_MAX_DAYS:
        raise RoomError(
            "expires_in_days",
            _("Links last from 1 to %(max)d days.") % {"max": SHARE_LINK_MAX_DAYS},
        )


def _check_asset(*, asset, user) -> None:
    if not asset_is_live(asset=asset) or not asset_is_visible_to(asset=asset, user=user):
        raise RoomError("items", _("You cannot share asset %(id)s.") % {"id": asset.pk})


def _new_token(expires_in_days: int) -> tuple[str, str, datetime.datetime]:
    token = secrets.token_urlsafe(32)
    return token, share_token_hash(token), timezone.now() + datetime.timedelta(expires_in_days)


def _record_share(*, room: Room, asset, user) -> None:
    now = timezone.now()
    usage_event_record(
        event_id=_event_id(room=room, visitor="owner", what="share", asset_id=asset.pk, at=now),
        asset=asset,
        user=user,
        kind=UsageEvent.Kind.SHARE,
        occurred_at=now,
        deal=room.deal,
        metadata={"room": room.pk, "source": "room"},
    )


def room_create(
    *,
    user,
    deal: Deal,
    title: str,
    note: str = "",
    assets=(),
    expires_in_days: int = SHARE_LINK_DEFAULT_DAYS,
    email_gate: bool = False,
    allow_download: bool = False,
) -> tuple[Room, str]:
    """Create a room for one of ``user``'s own open deals; returns ``(room, token)``.

    The token is returned once and only its hash stored. Every asset must be live and
    visible to ``user``; at most ``ROOM_MAX_ITEMS``. Raises ``RoomError`` naming the field.
    """
    _check_deal(deal=deal, user=user)
    _check_days(expires_in_days)
    assets = list(dict.fromkeys(assets))
    if len(assets) > ROOM_MAX_ITEMS:
        raise RoomError("items", _("At most %(max)d items.") % {"max": ROOM_MAX_ITEMS})
    for asset in assets:
        _check_asset(asset=asset, user=user)
    token, token_hash, expires_at = _new_token(expires_in_days)
    with transaction.atomic():
        room = Room.objects.create(
            owner=user,
            deal=deal,
            title=title,
            note=note,
            token_hash=token_hash,
            expires_at=expires_at,
            email_gate=email_gate,
            allow_download=allow_download,
        )
        for position, asset in enumerate(assets):
            RoomItem.objects.create(room=room, asset=asset, position=position)
            _record_share(room=room, asset=asset, user=user)
    return room, token


def room_update(*, room: Room, user, **changes) -> Room:
    """Change the title, note, email gate or downloads of ``user``'s room."""
    _check_owner(room=room, user=user)
    allowed = {"title", "note", "email_gate", "allow_download"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(room, name, value)
    room.save(update_fields=[*changes, "updated_at"])
    return room


def room_item_add(*, room: Room, user, asset) -> RoomItem:
    """Add ``asset`` at the end of the room (adding it again changes nothing)."""
    _check_owner(room=room, user=user)
    _check_asset(asset=asset, user=user)
    with transaction.atomic():
        Room.objects.select_for_update().filter(pk=room.pk).first()
        existing = room.items.filter(asset=asset).first()
        if existing is not None:
            return existing
        if room.items.count() >= ROOM_MAX_ITEMS:
            raise RoomError("items", _("At most %(max)d items.") % {"max": ROOM_MAX_ITEMS})
        last = room.items.aggregate(last=Max("position"))["last"]
        item = RoomItem.objects.create(
            room=room, asset=asset, position=0 if last is None else last + 1
        )
        _record_share(room=room, asset=asset, user=user)
    return item


def room_item_remove(*, room: Room, user, asset_id: int) -> bool:
    """Take an asset out of the room; ``False`` when it was not in it."""
    _check_owner(room=room, user=user)
    deleted, _count = room.items.filter(asset_id=asset_id).delete()
    return bool(deleted)


def room_item_move(*, room: Room, user, item_id: int, offset: int) -> None:
    """Move an item ``offset`` places (-1 up, +1 down); at either end it stays put."""
    _check_owner(room=room, user=user)
    with transaction.atomic():
        items = list(room.items.select_for_update().order_by("position", "pk"))
        index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
        if index is None:
            return
        target = index + offset
        if not 0 <= target < len(items):
            return
        items[index], items[target] = items[target], items[index]
        for position, item in enumerate(items):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def room_revoke(*, room: Room, user) -> Room:
    """Stop the room's link at once (its page, items, images, files); twice is harmless."""
    _check_owner(room=room, user=user)
    if room.revoked_at is None:
        room.revoked_at = timezone.now()
        room.save(update_fields=["revoked_at", "updated_at"])
    return room


def room_link_renew(
    *, room: Room, user, expires_in_days: int = SHARE_LINK_DEFAULT_DAYS
) -> tuple[Room, str]:
    """Give the room a new link (the old one stops working); returns ``(room, token)``."""
    _check_owner(room=room, user=user)
    _check_days(expires_in_days)
    token, room.token_hash, room.expires_at = _new_token(expires_in_days)
    room.revoked_at = None
    room.save(update_fields=["token_hash", "expires_at", "revoked_at", "updated_at"])
    return room, token


# -- the prospect's side ------------------------------------------------------------------


def visitor_key_for_email(email: str) -> str:
    """A visitor's key from the email address they typed (the same person on any device)."""
    return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]


def _event_id(*, room: Room, visitor: str, what: str, asset_id: int, at: datetime.datetime):
    """A deterministic event id per (room, visitor, what, asset, UTC day), keyed with the
    site's secret as tracking's ``capture_event_id``."""
    name = f"{room.pk}:{visitor}:{what}:{asset_id}:{at.date().isoformat()}"
    digest = salted_hmac("enablement.rooms.event_id", name).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def _record_prospect_event(*, room, visitor_key, what, shown, kind, now) -> bool:
    metadata = {"prospect": True, "room": room.pk, "room_event": what, "visitor": visitor_key}
    if shown.replaced:
        metadata["via_retired_asset"] = shown.item.asset_id
    _event, created = usage_event_record(
        event_id=_event_id(
            room=room, visitor=visitor_key, what=what, asset_id=shown.asset.pk, at=now
        ),
        asset=shown.asset,
        user=None,
        kind=kind,
        occurred_at=now,
        deal=room.deal,
        metadata=metadata,
    )
    return created


def room_open(*, room: Room, visitor_key: str, email: str = "", shown_items=()) -> RoomVisitor:
    """Record a prospect opening the room: their visitor row, and a ``view`` event on the
    deal for each item shown (once per visitor, item and day). The room's first open by
    anyone sends ``room_first_opened`` after commit."""
    now = timezone.now()
    with transaction.atomic():
        visitor, created = RoomVisitor.objects.get_or_create(
            room=room,
            visitor_key=visitor_key,
            defaults={"email": email, "first_opened_at": now, "last_opened_at": now, "opens": 0},
        )
        # One open per visitor per day, as the events: a reload is not another open.
        if created or visitor.last_opened_at.date() != now.date():
            RoomVisitor.objects.filter(pk=visitor.pk).update(opens=F("opens") + 1)
        RoomVisitor.objects.filter(pk=visitor.pk).update(last_opened_at=now)
        for shown in shown_items:
            _record_prospect_event(
                room=room,
                visitor_key=visitor_key,
                what=ROOM_EVENT_OPEN,
                shown=shown,
                kind=UsageEvent.Kind.VIEW,
                now=now,
            )
        first = Room.objects.filter(pk=room.pk, first_opened_at__isnull=True).update(
            first_opened_at=now
        )
        if first:
            room.first_opened_at = now
            transaction.on_commit(
                lambda: room_first_opened.send_robust(sender=Room, room=room, opened_at=now)
            )
    visitor.refresh_from_db()
    return visitor


def room_item_view(
    *, room: Room, visitor_key: str, shown, download: bool = False, email: str = ""
) -> bool:
    """Record a prospect viewing (or downloading) one item: an event on the deal for the
    asset shown, once per visitor, item and day. Returns whether it was new. A visitor who
    came straight to the item (a bookmarked item link) is listed too."""
    now = timezone.now()
    visitor, created = RoomVisitor.objects.get_or_create(
        room=room,
        visitor_key=visitor_key,
        defaults={"email": email, "first_opened_at": now, "last_opened_at": now, "opens": 0},
    )
    if not created:
        RoomVisitor.objects.filter(pk=visitor.pk).update(last_opened_at=now)
    return _record_prospect_event(
        room=room,
        visitor_key=visitor_key,
        what=ROOM_EVENT_DOWNLOAD if download else ROOM_EVENT_ITEM,
        shown=shown,
        kind=UsageEvent.Kind.DOWNLOAD if download else UsageEvent.Kind.VIEW,
        now=now,
    )


def room_item_engagement_record(
    *,
    room: Room,
    visitor_key: str,
    asset,
    batch_id: uuid.UUID,
    pages: dict[int, float],
    email: str = "",
    now=None,
) -> tuple[RoomItemVisit, bool]:
    """Store one batch of page seconds from a room visitor reading an item, merged into
    their current visit of it (as a share link's: ``tracking.services.engagement``).
    Returns ``(visit, created)``; a batch id seen before changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        visitor, _created = RoomVisitor.objects.select_for_update().get_or_create(
            room=room,
            visitor_key=visitor_key,
            defaults={"email": email, "first_opened_at": now, "last_opened_at": now, "opens": 0},
        )
        return page_timings_merge(
            beats=RoomBeat.objects.all(),
            visits=RoomItemVisit.objects.filter(visitor=visitor, asset=asset),
            new_visit=lambda: RoomItemVisit(visitor=visitor, asset=asset),
            beat_fields={},
            batch_id=batch_id,
            pages=pages,
            now=now,
        )
