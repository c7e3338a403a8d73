"""Attribution and rollups: recomputed from events, never double counted."""

import datetime
import uuid

import pytest
from django.utils import timezone

from content.groups import SALES
from enablement.tracking.models import (
    AssetDailyUsage,
    AssetPopularity,
    AssetUserDailyUsage,
    Deal,
    DealInfluence,
    UsageEvent,
)
from enablement.tracking.services import (
    deal_upsert,
    usage_event_record,
    usage_events_process,
    usage_rollup_run,
)
from tests.factories import CaseStudyPageFactory, UserFactory
from tests.tracking.factories import DealFactory, UsageEventFactory

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def record(django_capture_on_commit_callbacks):
    """Record an event the way the product does: processing runs from the on-commit task."""

    def record(asset, user, *, when, deal=None, kind="view"):
        with django_capture_on_commit_callbacks(execute=True):
            return usage_event_record(
                event_id=uuid.uuid4(),
                asset=asset,
                user=user,
                kind=kind,
                occurred_at=when,
                deal=deal,
            )[0]

    return record


def test_event_after_close_is_a_use_not_an_influence(library, sales_user, record):
    # given a deal won on the 10th and an asset used before and after
    asset = CaseStudyPageFactory()
    deal = DealFactory(status=Deal.Status.WON, closed_at=NOON)
    record(asset, sales_user, when=NOON - datetime.timedelta(days=2), deal=deal)
    record(asset, sales_user, when=NOON + datetime.timedelta(days=1), deal=deal)

    # then (processing ran eagerly on commit) only the first event influences the deal
    influence = DealInfluence.objects.get(deal=deal, asset=asset)
    assert influence.uses == 1
    assert influence.last_used_at == NOON - datetime.timedelta(days=2)
    after = AssetDailyUsage.objects.get(asset=asset, day=(NOON + datetime.timedelta(days=1)).date())
    assert (after.uses, after.users, after.deals_influenced) == (1, 1, 0)
    before = AssetDailyUsage.objects.get(
        asset=asset, day=(NOON - datetime.timedelta(days=2)).date()
    )
    assert before.deals_influenced == 1


def test_event_after_close_only_is_no_influence_and_open_deal_any_time_is(
    library, sales_user, record
):
    asset = CaseStudyPageFactory()
    closed = DealFactory(status=Deal.Status.LOST, closed_at=NOON)
    open_deal = DealFactory()
    record(asset, sales_user, when=NOON + datetime.timedelta(hours=1), deal=closed)
    record(asset, sales_user, when=timezone.now(), deal=open_deal)

    assert not DealInfluence.objects.filter(deal=closed).exists()
    assert DealInfluence.objects.filter(deal=open_deal, asset=asset, uses=1).exists()


def test_closing_a_deal_earlier_reprocesses_its_events(
    library, sales_user, record, django_capture_on_commit_callbacks
):
    # given an asset used on an open deal on the 10th
    asset = CaseStudyPageFactory()
    deal = DealFactory(external_id="006A")
    record(asset, sales_user, when=NOON, deal=deal)
    assert DealInfluence.objects.filter(deal=deal).count() == 1

    # when the CRM says the deal closed the day before
    with django_capture_on_commit_callbacks(execute=True):
        deal_upsert(
            external_id="006A", status=Deal.Status.WON, closed_at=NOON - datetime.timedelta(days=1)
        )

    # then the use no longer influences it
    assert not DealInfluence.objects.filter(deal=deal).exists()
    assert AssetDailyUsage.objects.get(asset=asset, day=NOON.date()).deals_influenced == 0


def test_daily_rollup_counts_users_and_prospects(library, sales_user, record):
    asset = CaseStudyPageFactory()
    other = UserFactory(groups=[SALES])
    deal = DealFactory()
    record(asset, sales_user, when=NOON, kind="view")
    record(asset, sales_user, when=NOON + datetime.timedelta(minutes=5), kind="download")
    record(asset, other, when=NOON + datetime.timedelta(minutes=9), deal=deal, kind="attach")
    record(asset, None, when=NOON + datetime.timedelta(minutes=20), deal=deal, kind="view")

    daily = AssetDailyUsage.objects.get(asset=asset, day=NOON.date())
    assert (daily.uses, daily.users, daily.deals_influenced) == (4, 2, 1)
    assert daily.by_kind == {"view": 2, "download": 1, "attach": 1}
    per_user = dict(
        AssetUserDailyUsage.objects.filter(asset=asset).values_list("user__username", "uses")
    )
    assert per_user == {sales_user.username: 2, other.username: 1}


def test_processing_twice_and_full_rebuild_never_double_count(library, sales_user, record):
    # given stored events that were never processed (as if the broker was down)
    asset = CaseStudyPageFactory()
    deal = DealFactory()
    for minute in range(5):
        UsageEventFactory(
            asset=asset,
            user=sales_user,
            deal=deal,
            occurred_at=NOON + datetime.timedelta(minutes=minute),
        )
    assert not AssetDailyUsage.objects.exists()

    # when processed, processed again, then fully rebuilt
    first = usage_events_process()
    again = usage_events_process()
    usage_rollup_run()
    usage_rollup_run(since=NOON.date())

    # then each event counts once
    assert (first.events_processed, again.events_processed) == (5, 0)
    assert AssetDailyUsage.objects.get(asset=asset).uses == 5
    assert DealInfluence.objects.get(asset=asset, deal=deal).uses == 5
    assert not UsageEvent.objects.filter(processed_at__isnull=True).exists()


def test_popularity_win_rate_needs_five_closed_deals(library, sales_user, record):
    asset = CaseStudyPageFactory()
    when = timezone.now() - datetime.timedelta(days=3)
    deals = [
        DealFactory(status=Deal.Status.WON, closed_at=when + datetime.timedelta(days=1))
        for _ in range(3)
    ] + [DealFactory(status=Deal.Status.LOST, closed_at=when + datetime.timedelta(days=1))]
    for deal in deals:
        record(asset, sales_user, when=when, deal=deal)
    popularity = AssetPopularity.objects.get(asset=asset)
    assert (popularity.deals_influenced, popularity.deals_won, popularity.win_rate) == (4, 3, None)
    assert popularity.uses_30d == 4

    record(
        asset,
        sales_user,
        when=when,
        deal=DealFactory(status=Deal.Status.LOST, closed_at=when + datetime.timedelta(days=1)),
    )
    popularity.refresh_from_db()
    assert popularity.win_rate == pytest.approx(3 / 5)
    assert popularity.last_used_at == when
