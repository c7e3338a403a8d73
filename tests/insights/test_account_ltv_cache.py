"""Account lifetime value is cached under the deal-data generation: a read while nothing
changed costs one small query instead of a scan of every won deal, and every kind of
write (a deal created, changed, deleted; an influence added by attribution; an exchange
rate; a bulk update repaired by the nightly rollup) is visible at the next read. Both
databases."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from enablement.insights import selectors
from enablement.insights.models import ExchangeRate
from enablement.insights.money import exchange_rates
from enablement.insights.selectors.library import _account_ltv_compute
from enablement.tracking.models import Deal, UsageEvent
from enablement.tracking.selectors import deal_data_generation
from enablement.tracking.services import deal_upsert, usage_events_process, usage_rollup_run
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def won(external_id: str, account: str, amount: str, currency: str = "USD") -> Deal:
    return deal_upsert(
        external_id=external_id,
        account=account,
        amount=Decimal(amount),
        currency=currency,
        created_at=NOW - datetime.timedelta(days=40),
        closed_at=NOW - datetime.timedelta(days=2),
        status=Deal.Status.WON,
    )[0]


def assert_exact():
    assert selectors.account_ltv() == _account_ltv_compute(exchange_rates())


@pytest.fixture
def deals(library):
    return [
        won("LTV1", "Acme", "1000.00"),
        won("LTV2", "Acme", "500.00"),
        won("LTV3", "Globex", "2000.00"),
        won("LTV4", "Initech", "300.00", currency="EUR"),  # no rate yet
    ]


def test_a_read_while_nothing_changed_is_one_small_query(deals, django_assert_num_queries):
    first = selectors.account_ltv()
    assert (first.accounts, first.median_ltv, first.deals_without_rate) == (
        2,
        Decimal("1750.00"),
        1,
    )
    rates = exchange_rates()
    with django_assert_num_queries(1):  # the generation; the figures come from the cache
        assert selectors.account_ltv(rates=rates) == first


def test_every_kind_of_write_is_seen_at_the_next_read(deals):
    generation = deal_data_generation()
    assert generation is not None
    selectors.account_ltv()

    # a deal changed by the CRM sync
    deal_upsert(external_id="LTV3", amount=Decimal("4000.00"))
    assert deal_data_generation() != generation
    assert selectors.account_ltv().median_ltv == Decimal("2750.00")
    assert_exact()

    # a new won deal
    won("LTV5", "Umbrella", "10.00")
    assert selectors.account_ltv().accounts == 3
    assert_exact()

    # a deal deleted
    Deal.objects.get(external_id="LTV5").delete()
    assert selectors.account_ltv().accounts == 2
    assert_exact()

    # an exchange rate set: part of the cache key
    ExchangeRate.objects.create(currency="EUR", base_currency="USD", rate=Decimal("2"))
    assert selectors.account_ltv().accounts == 3
    assert_exact()

    # an influence added by attribution: the account now has content
    assert selectors.account_ltv().accounts_with_content == 0
    asset = CaseStudyPageFactory()
    UsageEvent.objects.create(
        event_id=uuid.uuid4(),
        asset=asset,
        user=UserFactory(),
        kind="attach",
        deal=Deal.objects.get(external_id="LTV1"),
        occurred_at=NOW - datetime.timedelta(days=10),
    )
    usage_events_process()
    assert selectors.account_ltv().accounts_with_content == 1
    assert_exact()


def test_a_bulk_update_is_seen_after_the_nightly_rollup(deals):
    selectors.account_ltv()
    # A bulk update sends no signal (the application never makes one on deals)...
    Deal.objects.filter(external_id="LTV3").update(account="Acme")
    # ...and the nightly rollup gives the deal data a new generation.
    usage_rollup_run(since=timezone.localdate() - datetime.timedelta(days=2))
    assert selectors.account_ltv().accounts == 1
    assert_exact()
