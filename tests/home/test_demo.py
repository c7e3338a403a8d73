"""seed_demo's home seeder: plays for the common segment and stage pairs, opens,
favourites and notifications, once."""

from __future__ import annotations

import random

import pytest

from content.models import PlayOpen, PlayPage, SegmentTag, StageTag
from content.plays import play_items_for
from enablement.home.demo import seed_home
from enablement.home.models import Favourite
from enablement.notifications.models import Notification
from enablement.tracking.services import share_link_create
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


def test_seeder_creates_plays_opens_favourites_and_notifications_once(
    library, sales_user, marketing_user
):
    healthcare = SegmentTag.objects.get_or_create(name="Healthcare", slug="healthcare")[0]
    demo = StageTag.objects.get(name="Demo")
    story = CaseStudyPageFactory(title="Demo story", stages=["Demo"], segments=["Healthcare"])
    CaseStudyPageFactory(title="Other story", segments=["Retail"])
    deal = DealFactory(owner=sales_user, segment=healthcare, stage=demo)
    DealFactory(owner=sales_user, segment=healthcare, stage=demo)
    link, _token = share_link_create(asset=story, deal=deal, user=sales_user)
    link.opens = 1  # opened by the prospect: always announced
    link.save()

    seed_home(rng=random.Random(3))
    seed_home(rng=random.Random(3))

    [play] = PlayPage.objects.all()
    assert play.live and play.title == "Healthcare: Demo" and play.owner_user == marketing_user
    rows = play_items_for(play=play, user=sales_user)
    assert rows[0].asset.title == "Demo story"
    assert PlayOpen.objects.filter(play=play, user=sales_user).exists()
    assert Favourite.objects.filter(user=sales_user).count() == 2  # every visible asset
    [note] = Notification.objects.filter(recipient=sales_user, kind="link_opened")
    assert note.title.endswith("opened your link to Demo story")
