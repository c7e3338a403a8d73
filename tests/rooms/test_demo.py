"""The demo seeder creates a few rooms with prospect visits on reps' own open deals."""

import io
import random

import pytest

from content.groups import SALES
from enablement.rooms.demo import seed_rooms
from enablement.rooms.models import Room, RoomItemVisit, RoomVisitor
from enablement.tracking.models import UsageEvent
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def test_seed_rooms(library):
    reps = [UserFactory(username=name, groups=[SALES]) for name in ("riley", "jordan")]
    for rep in reps:
        DealFactory.create_batch(2, owner=rep)
    for _ in range(4):
        CaseStudyPageFactory()
    out = io.StringIO()

    assert seed_rooms(stdout=out, rng=random.Random(7)) == 4
    assert "4 deal rooms" in out.getvalue()
    for room in Room.objects.all():
        assert room.deal.owner == room.owner and room.deal.status == "open"
        assert room.items.count() == 3
        assert room.first_opened_at is not None
    gated = RoomVisitor.objects.filter(room__email_gate=True)
    assert gated.exists() and all(v.email.endswith(".example") for v in gated)
    prospect = UsageEvent.objects.filter(user=None, metadata__room__isnull=False)
    assert prospect.exists()
    assert all(e.deal_id == Room.objects.get(pk=e.metadata["room"]).deal_id for e in prospect)
    # run again: nothing more
    assert seed_rooms(stdout=out, rng=random.Random(7)) == 0
    assert Room.objects.count() == 4


def test_seeded_rooms_have_time_per_page_on_items_with_pages(library, deck):
    rep = UserFactory(username="riley", groups=[SALES])
    DealFactory.create_batch(2, owner=rep)
    CaseStudyPageFactory.create_batch(2)  # with the deck: every room holds all three

    seed_rooms(rng=random.Random(3))

    visits = RoomItemVisit.objects.all()
    assert visits.exists()
    assert {visit.asset_id for visit in visits} == {deck.pk}  # only the deck has pages
    for visit in visits:
        assert visit.seconds == sum(visit.pages.values()) > 0
        assert set(visit.pages) <= {"1", "2", "3"}  # the deck's rendered pages
