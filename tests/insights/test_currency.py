"""Money in two currencies: converted with an admin's rate, or shown apart, never summed."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from content.groups import SALES
from enablement.insights import selectors
from enablement.insights.digest import digest_weekly_send
from enablement.insights.models import ExchangeRate
from enablement.tracking.services import deal_upsert, usage_rollup_run
from tests.factories import CaseStudyPageFactory, UserFactory, stage
from tests.insights.test_stats_api import client_for
from tests.insights_world import MARCH_1, MARCH_31, at, record

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


@pytest.fixture
def deals_in_two_currencies(db, library):
    """One asset influencing two won March deals: 1,000 USD (Acme) and 2,000 EUR (Euro)."""
    rep = UserFactory(username="rep", groups=[SALES])
    asset = CaseStudyPageFactory(title="Two currency story")
    deals = {}
    for external_id, amount, currency, account in (
        ("U1", "1000", "USD", "Acme"),
        ("E1", "2000", "EUR", "Euro GmbH"),
    ):
        deals[external_id] = deal_upsert(
            external_id=external_id,
            name=external_id,
            account=account,
            stage=stage("Closing"),
            amount=Decimal(amount),
            currency=currency,
            owner=rep,
            created_at=at(2, 1),
            closed_at=at(3, 20),
            status="won",
        )[0]
        record(asset, rep, at(3, 5), deal=deals[external_id], kind="attach")
    usage_rollup_run()
    return asset


def test_without_a_rate_the_other_currency_is_shown_apart(deals_in_two_currencies):
    summary = selectors.summary(since=MARCH_1, until=MARCH_31)

    assert summary.influenced_revenue == Decimal("1000.00")
    assert summary.influenced_revenue_without_rate == {"EUR": Decimal("2000.00")}
    assert (summary.account_ltv.accounts, summary.account_ltv.median_ltv) == (1, Decimal("1000"))
    assert summary.account_ltv.deals_without_rate == 1
    [row] = selectors.asset_performance(since=MARCH_1, until=MARCH_31)
    assert (row.influenced_revenue, row.attributed_revenue) == (
        Decimal("1000.00"),
        Decimal("1000.00"),
    )
    assert selectors.revenue_without_rate(since=MARCH_1, until=MARCH_31) == {
        "EUR": (1, Decimal("2000.00"))
    }


def test_with_a_rate_amounts_are_converted(deals_in_two_currencies):
    ExchangeRate.objects.create(currency="EUR", base_currency="USD", rate=Decimal("1.10"))

    summary = selectors.summary(since=MARCH_1, until=MARCH_31)

    assert summary.influenced_revenue == Decimal("3200.00")
    assert summary.influenced_revenue_without_rate == {}
    assert summary.account_ltv.accounts == 2
    assert summary.account_ltv.median_ltv == Decimal("1600.00")  # (1,000 + 2,200) / 2
    assert summary.account_ltv.deals_without_rate == 0
    [row] = selectors.asset_performance(since=MARCH_1, until=MARCH_31)
    assert (row.influenced_revenue, row.attributed_revenue) == (
        Decimal("3200.00"),
        Decimal("3200.00"),
    )
    assert selectors.revenue_without_rate(since=MARCH_1, until=MARCH_31) == {}


def test_a_rate_to_another_base_currency_is_not_used(deals_in_two_currencies):
    ExchangeRate.objects.create(currency="EUR", base_currency="GBP", rate=Decimal("0.85"))

    summary = selectors.summary(since=MARCH_1, until=MARCH_31)

    assert summary.influenced_revenue_without_rate == {"EUR": Decimal("2000.00")}


def test_the_default_currency_is_a_setting(deals_in_two_currencies, settings, client, superuser):
    settings.ENABLEMENT_DEFAULT_CURRENCY = "EUR"
    ExchangeRate.objects.create(currency="USD", base_currency="EUR", rate=Decimal("0.5"))

    summary = selectors.summary(since=MARCH_1, until=MARCH_31)
    client.force_login(superuser)
    response = client.get("/insights/assets/", {**MARCH, "export": "assets"})

    assert summary.influenced_revenue == Decimal("2500.00")  # 2,000 EUR + 1,000 USD x 0.5
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert "Influenced revenue (EUR)" in header
    assert "Attributed revenue (EUR)" in header


def test_overview_and_assets_pages_flag_money_without_a_rate(
    deals_in_two_currencies, client, superuser
):
    client.force_login(superuser)

    overview = client.get("/insights/", MARCH).content.decode()
    assets = client.get("/insights/assets/", MARCH).content.decode()
    kpis = client.get("/insights/", {**MARCH, "export": "kpis"}).content.decode()

    assert "1,000.00 USD" in overview
    assert "plus 2,000.00 EUR not included (no exchange rate)" in overview
    assert "1 won deal left out (no exchange rate)" in overview
    assert "1 won deal worth 2,000.00 EUR, whose currency has no exchange rate" in assets
    assert '"Influenced revenue (won, full credit, USD)","1,000.00 USD"' in kpis
    assert "not included, no exchange rate: 2,000.00 EUR" in kpis


def test_stats_api_documents_the_currency(deals_in_two_currencies, manager_user):
    api = client_for(manager_user)

    summary = api.get("/api/v1/stats/summary/", MARCH).json()
    assets = api.get("/api/v1/stats/assets/", MARCH).json()

    assert summary["currency"] == "USD"
    assert summary["influenced_revenue"] == "1000.00"
    assert summary["influenced_revenue_without_rate"] == {"EUR": "2000.00"}
    assert assets["currency"] == "USD"
    assert assets["revenue_without_rate"] == {"EUR": {"deals": 1, "amount": "2000.00"}}
    schema = api.get("/api/v1/schema/").content.decode()
    assert "ISO 4217 code of every money figure" in schema


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"currency": "EU", "rate": "1"}, "currency"),
        ({"currency": "E\x00R", "rate": "1"}, "currency"),
        ({"currency": "'; --", "rate": "1"}, "currency"),
        ({"currency": "USD", "rate": "1"}, "currency"),  # the base itself
        ({"currency": "EUR", "rate": "0"}, "rate"),
        ({"currency": "EUR", "rate": "-1.5"}, "rate"),
        ({"currency": "EUR", "rate": "1" * 40}, "rate"),
    ],
)
def test_bad_rates_are_rejected(db, fields, field):
    rate = ExchangeRate(**fields)

    with pytest.raises(ValidationError) as error:
        rate.full_clean()

    assert field in error.value.message_dict


def test_lowercase_codes_are_normalised(db):
    rate = ExchangeRate(currency="eur", rate=Decimal("1.1"))

    rate.full_clean()

    assert (rate.currency, rate.base_currency) == ("EUR", "USD")


def test_admin_manages_rates_in_wagtail(client, superuser):
    client.force_login(superuser)

    listing = client.get("/cms/exchange_rates/")
    created = client.post(
        "/cms/exchange_rates/new/", {"currency": "EUR", "rate": "1.08", "base_currency": "USD"}
    )
    hostile = client.post(
        "/cms/exchange_rates/new/",
        {"currency": "GBP\x00", "rate": "9" * 50, "base_currency": "USD"},
    )

    assert listing.status_code == 200
    assert created.status_code == 302
    assert str(ExchangeRate.objects.get()) == "1 EUR = 1.08 USD"
    assert hostile.status_code == 200  # the form again, with errors
    assert ExchangeRate.objects.count() == 1


def test_weekly_digest_names_the_currency(deals_in_two_currencies, settings):
    settings.ENABLEMENT_DEFAULT_CURRENCY = "EUR"
    ExchangeRate.objects.create(currency="USD", base_currency="EUR", rate=Decimal("0.5"))

    digest_weekly_send(today=datetime.date(2026, 3, 30))

    [message] = mail.outbox  # to the rep
    # Median LTV over Acme (1,000 USD = 500 EUR) and Euro GmbH (2,000 EUR): 1,250 EUR.
    assert "Median account lifetime value: 1,250.00 EUR" in message.body
    assert "1,250.00 EUR" in message.alternatives[0][0]
