"""Demo deal rooms for ``seed_demo`` (through ``ENABLEMENT_DEMO_SEEDERS``): a few rooms on
demo reps' open deals, some behind an email gate, with prospect visits recorded through
the same services the prospect's page uses (so they are usage events on the deals), with
time per page on the items that have pages."""

from __future__ import annotations

import random
import uuid

from django.contrib.auth import get_user_model

from content.groups import SALES
from content.selectors import assets_visible_to
from enablement.rooms.models import Room
from enablement.rooms.selectors import room_items_shown
from enablement.rooms.services import (
    room_create,
    room_item_engagement_record,
    room_item_view,
    room_open,
    visitor_key_for_email,
)
from enablement.tracking.selectors import deals_open_for_user
from enablement.tracking.services.engagement import last_page_number

ROOMS_PER_REP = 2
REPS = 3
NOTE = (
    "Hi {first},\n\nthanks for your time today. Here is everything we talked about in one "
    "place: start with the overview, then the customer story closest to your situation.\n\n"
    "Best,\n{rep}"
)
VISITOR_NAMES = ("alex", "sam", "jordan", "casey", "robin", "morgan")


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed_rooms(*, stdout=None, rng: random.Random) -> int:
    """Create ``ROOMS_PER_REP`` rooms for up to ``REPS`` reps with open deals; skipped when
    rooms exist. Returns how many rooms were created."""
    if Room.objects.exists():
        _say(stdout, "Rooms: deal rooms already present, skipped.")
        return 0
    reps = get_user_model().objects.filter(groups__name=SALES, is_active=True).order_by("pk")
    created = 0
    for rep in reps:
        if created >= REPS * ROOMS_PER_REP:
            break
        deals = list(deals_open_for_user(user=rep)[:ROOMS_PER_REP])
        assets = list(assets_visible_to(user=rep).order_by("pk")[:60])
        if not deals or len(assets) < 3:
            continue
        for index, deal in enumerate(deals):
            gated = index % 2 == 0
            room, _token = room_create(
                user=rep,
                deal=deal,
                title=f"{deal.account}: what we discussed",
                note=NOTE.format(first="there", rep=rep.get_full_name() or rep.username),
                assets=rng.sample(assets, 3),
                expires_in_days=30,
                email_gate=gated,
                allow_download=not gated,
            )
            _visit(room, deal, gated=gated, rng=rng)
            created += 1
    _say(stdout, f"Rooms: {created} deal rooms with prospect visits.")
    return created


def _visit(room, deal, *, gated: bool, rng: random.Random) -> None:
    shown = room_items_shown(room=room)
    domain = "".join(ch for ch in deal.account.lower() if ch.isalnum())[:20] or "prospect"
    for name in rng.sample(VISITOR_NAMES, rng.randint(1, 3)):
        email = f"{name}@{domain}.example" if gated else ""
        key = visitor_key_for_email(email) if gated else f"session:demo-{room.pk}-{name}"
        room_open(room=room, visitor_key=key, email=email, shown_items=shown)
        for entry in rng.sample(shown, rng.randint(1, len(shown))):
            room_item_view(room=room, visitor_key=key, shown=entry)
            _read_pages(room, key, email, entry, rng=rng)


def _read_pages(room, key: str, email: str, entry, *, rng: random.Random) -> None:
    """Some reading time on the first pages of an item with a preview, as its viewer posts."""
    last = last_page_number(entry.asset.attachment_id) if "attachment" in entry.fields else 0
    if not last:
        return
    pages = {n: float(rng.randint(5, 90)) for n in range(1, rng.randint(1, min(last, 6)) + 1)}
    room_item_engagement_record(
        room=room,
        visitor_key=key,
        email=email,
        asset=entry.asset,
        batch_id=uuid.uuid4(),
        pages=pages,
    )
