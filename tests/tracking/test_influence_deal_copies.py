"""The deal copies on ``DealInfluence`` (status, close date, segment, stage, owner,
amount, currency, size band and the deal's influence count) equal the live deal after every kind of
write: events attributed, a deal changed through the CRM sync or saved anywhere, closed,
deleted, an asset deleted, a tag or owner deleted, an influence created directly, and a
bulk update repaired by the nightly sweep. Both databases."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from enablement.tracking.models import Deal, DealInfluence, UsageEvent, deal_size_band
from enablement.tracking.services import (
    deal_influences_refresh,
    deal_upsert,
    usage_events_process,
    usage_rollup_run,
)
from tests.factories import CaseStudyPageFactory, UserFactory, segment, stage

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=123456)


def live_values(influence: DealInfluence) -> tuple:
    deal = Deal.objects.get(pk=influence.deal_id)
    return (
        deal.status,
        deal.closed_at,
        deal.segment_id,
        deal.stage_id,
        deal.owner_id,
        Decimal(deal.amount),
        deal.currency,
        deal_size_band(Decimal(deal.amount)),
        DealInfluence.objects.filter(deal_id=deal.pk).count(),
    )


def copies(influence: DealInfluence) -> tuple:
    return (
        influence.deal_status,
        influence.deal_closed_at,
        influence.deal_segment_id,
        influence.deal_stage_id,
        influence.deal_owner_id,
        Decimal(influence.deal_amount),
        influence.deal_currency,
        influence.deal_band,
        influence.deal_influences,
    )


def assert_copies_current() -> int:
    influences = list(DealInfluence.objects.order_by("pk"))
    for influence in influences:
        assert copies(influence) == live_values(influence), influence
    return len(influences)


def use(asset, deal, *, days_before: float) -> None:
    UsageEvent.objects.create(
        event_id=uuid.uuid4(),
        asset=asset,
        user=deal.owner,
        kind="attach",
        deal=deal,
        occurred_at=NOW - datetime.timedelta(days=days_before),
    )


@pytest.fixture
def world(library):
    rep, other_rep = UserFactory(), UserFactory()
    assets = [CaseStudyPageFactory() for _ in range(3)]
    deals = [
        deal_upsert(
            external_id=f"COPY{number}",
            account="Acme",
            segment=segment("Healthcare"),
            stage=stage("Demo"),
            amount=Decimal("12000.50") * (number + 1),
            currency="EUR",
            owner=rep if number % 2 else other_rep,
            created_at=NOW - datetime.timedelta(days=60),
        )[0]
        for number in range(3)
    ]
    # deal 0: all three assets, deal 1: two, deal 2: one
    for number, deal in enumerate(deals):
        for asset in assets[: 3 - number]:
            use(asset, deal, days_before=10 + number)
    usage_events_process()
    return {"assets": assets, "deals": deals, "reps": (rep, other_rep)}


def test_attribution_fills_the_copies_and_counts(world):
    # given events attributed by the rollups (new influences)
    # then every influence carries its deal's fields and the deal's influence count
    assert assert_copies_current() == 6
    first = DealInfluence.objects.filter(deal=world["deals"][0]).first()
    assert first.deal_influences == 3
    assert first.deal_currency == "EUR"
    assert first.deal_segment == segment("Healthcare")

    # when a new asset starts influencing deal 2 (processed incrementally)
    use(world["assets"][2], world["deals"][2], days_before=1)
    usage_events_process()

    # then both of deal 2's influences count two
    assert set(
        DealInfluence.objects.filter(deal=world["deals"][2]).values_list(
            "deal_influences", flat=True
        )
    ) == {2}
    assert_copies_current()


def test_crm_changes_of_stage_amount_owner_and_segment_reach_the_copies(world):
    deal = world["deals"][0]
    # when the CRM sync changes the deal's stratum and money (no reprocessing needed)
    deal_upsert(
        external_id=deal.external_id,
        stage=stage("Closing"),
        amount=Decimal("250000.00"),
        currency="USD",
        owner=world["reps"][0],
        segment=None,
    )

    # then
    assert set(
        DealInfluence.objects.filter(deal=deal).values_list(
            "deal_stage_id", "deal_amount", "deal_currency", "deal_owner_id", "deal_segment_id"
        )
    ) == {(stage("Closing").pk, Decimal("250000.00"), "USD", world["reps"][0].pk, None)}
    # 12,000.50 was the 10,000 to 50,000 band; 250,000 is the first of the top band
    assert set(DealInfluence.objects.filter(deal=deal).values_list("deal_band", flat=True)) == {3}
    assert_copies_current()


def test_closing_a_deal_reaches_the_copies_and_reattribution_keeps_them(world):
    deal = world["deals"][1]
    use(world["assets"][2], deal, days_before=5)
    usage_events_process()
    assert DealInfluence.objects.get(deal=deal, asset=world["assets"][2]).deal_influences == 3
    closed_at = NOW - datetime.timedelta(days=8)  # after two assets' uses, before the third
    # when the deal closes: the copies follow at once, and its events are reprocessed
    deal_upsert(external_id=deal.external_id, status=Deal.Status.WON, closed_at=closed_at)
    assert set(DealInfluence.objects.filter(deal=deal).values_list("deal_status", flat=True)) == {
        "won"
    }
    usage_events_process()

    # then the use after the close no longer influences it: two influences, each counting 2
    assert set(
        DealInfluence.objects.filter(deal=deal).values_list(
            "deal_status", "deal_closed_at", "deal_influences"
        )
    ) == {("won", closed_at, 2)}
    assert_copies_current()


def test_a_deal_saved_anywhere_reaches_the_copies(world):
    deal = Deal.objects.get(pk=world["deals"][2].pk)
    assert DealInfluence.objects.get(deal=deal).deal_band == 1  # 36,001.50
    deal.amount = Decimal("99.99")
    deal.save()
    assert DealInfluence.objects.get(deal=deal).deal_amount == Decimal("99.99")
    assert DealInfluence.objects.get(deal=deal).deal_band == 0
    assert_copies_current()


def test_deleting_a_deal_or_an_asset(world):
    # when a deal is deleted, its influences go with it; the others are untouched
    world["deals"][2].delete()
    assert assert_copies_current() == 5

    # when an asset is deleted, the deals it influenced count one influence less
    world["assets"][0].delete()
    assert dict(DealInfluence.objects.values_list("deal_id", "deal_influences").distinct()) == {
        world["deals"][0].pk: 2,
        world["deals"][1].pk: 1,
    }
    assert assert_copies_current() == 3


def test_deleting_a_tag_or_the_owner_nulls_the_copies(world):
    segment("Healthcare").delete()
    stage("Demo").delete()
    world["reps"][0].delete()
    assert not DealInfluence.objects.filter(deal_segment__isnull=False).exists()
    assert not DealInfluence.objects.filter(deal_stage__isnull=False).exists()
    assert DealInfluence.objects.filter(deal_owner__isnull=True).count() == 2  # deal 1
    assert_copies_current()


def test_an_influence_created_directly_gets_its_copies(world):
    asset = CaseStudyPageFactory()
    DealInfluence.objects.create(
        deal=world["deals"][2],
        asset=asset,
        first_used_at=NOW,
        last_used_at=NOW,
        uses=1,
    )
    assert assert_copies_current() == 7


def test_the_nightly_sweep_repairs_a_bulk_update(world):
    # given a bulk update that bypasses every signal
    Deal.objects.filter(pk=world["deals"][0].pk).update(amount=Decimal("1.00"))
    Deal.objects.filter(pk=world["deals"][1].pk).update(amount=Decimal("50000.00"))
    DealInfluence.objects.update(deal_influences=0)
    with pytest.raises(AssertionError):
        assert_copies_current()

    # when the nightly rollup runs (its sweep refreshes every copy)
    usage_rollup_run(since=timezone.localdate() - datetime.timedelta(days=2))

    # then (the bands too: 1.00 is band 0, 50,000.00 the first of band 2)
    assert_copies_current()
    assert dict(DealInfluence.objects.values_list("deal_id", "deal_band").distinct()) == {
        world["deals"][0].pk: 0,
        world["deals"][1].pk: 2,
        world["deals"][2].pk: 1,
    }
    # and a second sweep has nothing to write
    assert deal_influences_refresh() == 0
