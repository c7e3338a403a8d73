"""Money on the pages that show it, in the reader's language (``{{ amount|money:currency }}``):
a Polish manager sees "1 229 400,00 zł", an English one "1,229,400.00 PLN"; the CSV export
keeps the raw number."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from wagtail.users.models import UserProfile

from content.groups import MANAGERS, SALES
from enablement.tracking.models import Deal
from enablement.tracking.services import deal_upsert, usage_rollup_run
from tests.factories import CaseStudyPageFactory, UserFactory, stage
from tests.insights_world import at, record

NBSP = "\xa0"
POLISH_AMOUNT = f"1{NBSP}229{NBSP}400,00 zł"
MARCH = {"since": "2026-03-01", "until": "2026-03-31"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def won_deal(library, settings):
    """One asset that influenced one won March deal worth 1,229,400 PLN."""
    settings.ENABLEMENT_DEFAULT_CURRENCY = "PLN"
    rep = UserFactory(username="rep", groups=[SALES])
    asset = CaseStudyPageFactory(title="Wdrożenie w 30 dni")
    deal = deal_upsert(
        external_id="PL-1",
        name="Duża transakcja",
        account="Kowalski S.A.",
        stage=stage("Closing"),
        amount=Decimal("1229400"),
        currency="PLN",
        owner=rep,
        created_at=at(2, 1),
        closed_at=at(3, 20),
        status="won",
    )[0]
    record(asset, rep, at(3, 5), deal=deal, kind="attach")
    usage_rollup_run()
    return asset


def _around(page: str, text: str) -> str:
    at = page.find(text)
    return page[max(0, at - 300) : at + 100]


def _manager(client, language: str):
    manager = UserFactory(username=f"manager-{language}", groups=[MANAGERS])
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = language
    profile.save()
    client.force_login(manager)
    return manager


def test_a_polish_manager_sees_polish_money_on_every_page_that_shows_it(client, won_deal):
    _manager(client, "pl")

    overview = client.get("/insights/", MARCH).content.decode()
    detail = client.get(f"/insights/assets/{won_deal.pk}/", MARCH).content.decode()

    assert 'lang="pl"' in overview
    # influenced revenue and the median account lifetime value
    assert overview.count(POLISH_AMOUNT) >= 2
    # influenced, attributed, the asset's median LTV and every account's
    assert detail.count(POLISH_AMOUNT) >= 4
    for page in (overview, detail):
        assert "1,229,400.00" not in page
        assert "1229400" not in page, _around(page, "1229400")


def test_an_english_manager_sees_the_same_amounts_in_english(client, won_deal):
    _manager(client, "en")

    overview = client.get("/insights/", MARCH).content.decode()
    detail = client.get(f"/insights/assets/{won_deal.pk}/", MARCH).content.decode()

    assert overview.count("1,229,400.00 PLN") >= 2
    assert detail.count("1,229,400.00 PLN") >= 4
    assert POLISH_AMOUNT not in overview + detail


@pytest.mark.parametrize(
    ("language", "amount"), [("pl", POLISH_AMOUNT), ("en", "1,229,400.00 PLN")]
)
def test_the_deal_page_shows_the_amount_in_the_readers_language(client, won_deal, language, amount):
    _manager(client, language)
    deal = Deal.objects.get(external_id="PL-1")

    page = client.get(f"/deals/{deal.pk}/").content.decode()

    assert amount in page
    assert "1229400" not in page, _around(page, "1229400")


def test_the_assets_table_shows_polish_numbers_under_the_currency_heading(client, won_deal):
    _manager(client, "pl")

    assets = client.get("/insights/assets/", MARCH).content.decode()

    assert f"1{NBSP}229{NBSP}400,00" in assets
    assert "1,229,400.00" not in assets


def test_the_csv_export_keeps_raw_numbers_in_polish(client, won_deal):
    _manager(client, "pl")

    response = client.get("/insights/assets/", {**MARCH, "export": "assets"})

    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    revenue = [value for key, value in row.items() if "(PLN)" in key]
    assert revenue[:2] == ["1229400.00", "1229400.00"]  # influenced, attributed
    assert "zł" not in response.content.decode()
