"""``asset_popularity_changed``: sent when a search ranking input changes, not per view."""

import datetime
import uuid

import pytest
from django.utils import timezone

from enablement.tracking.models import AssetPopularity, Deal
from enablement.tracking.services import asset_popularity_refresh, usage_event_record
from enablement.tracking.signals import asset_popularity_changed, uses_bucket
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The asset id lists the signal carried, in order."""
    received: list[list[int]] = []

    def receiver(sender, asset_ids, **kwargs):
        assert sender is AssetPopularity
        received.append(list(asset_ids))

    asset_popularity_changed.connect(receiver, dispatch_uid="tests.announced")
    yield received
    asset_popularity_changed.disconnect(dispatch_uid="tests.announced")


@pytest.fixture
def use(django_capture_on_commit_callbacks, sales_user):
    """Record a view the way the product does (processing runs from the on-commit task)."""

    def use(asset, *, deal=None):
        with django_capture_on_commit_callbacks(execute=True):
            usage_event_record(
                event_id=uuid.uuid4(),
                asset=asset,
                user=sales_user,
                kind="view",
                occurred_at=timezone.now() - datetime.timedelta(hours=1),
                deal=deal,
            )

    return use


def test_recent_use_bucket_doubles():
    assert [uses_bucket(n) for n in (0, None, 1, 2, 3, 4, 7, 8, 15, 16)] == [
        0,
        0,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
    ]


def test_views_announce_only_when_the_recent_use_bucket_moves(library, use, announced):
    asset = CaseStudyPageFactory()

    # when viewed eight times
    for _ in range(8):
        use(asset)

    # then popularity follows every view, but only views 1, 2, 4 and 8 were announced
    assert AssetPopularity.objects.get(asset=asset).uses_30d == 8
    assert announced == [[asset.pk]] * 4


def test_a_deal_influenced_and_then_won_is_announced(library, use, announced, sales_user):
    # given an asset already used three times (bucket 2-3)
    asset = CaseStudyPageFactory()
    for _ in range(3):
        use(asset)
    announced.clear()
    deal = DealFactory(owner=sales_user)

    # when it is used on an open deal (the 4th use also moves the bucket) ...
    use(asset, deal=deal)
    assert announced == [[asset.pk]]
    popularity = AssetPopularity.objects.get(asset=asset)
    assert (popularity.deals_influenced, popularity.deals_won) == (1, 0)

    # ... a fifth use changes nothing the ranking reads ...
    use(asset)
    assert announced == [[asset.pk]]

    # ... and the deal is won
    Deal.objects.filter(pk=deal.pk).update(status=Deal.Status.WON, closed_at=timezone.now())
    asset_popularity_refresh(asset_ids=[asset.pk])

    # then the win is announced
    assert AssetPopularity.objects.get(asset=asset).deals_won == 1
    assert announced == [[asset.pk], [asset.pk]]
