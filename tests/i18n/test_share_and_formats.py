"""The prospect's page speaks the sharer's language; money, numbers and dates follow the
active language ("1 229 400,00 zł" in Polish)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from content import i18n
from enablement.insights.deltas import Delta
from enablement.tracking.services import share_link_create
from tests.factories import CaseStudyPageFactory
from tests.tracking.factories import DealFactory

NBSP = "\xa0"


@pytest.mark.django_db
def test_the_prospect_page_follows_the_language_the_link_was_shared_in(client, library, sales_user):
    asset = CaseStudyPageFactory(title="Harborview", customer="Harborview Health")
    deal = DealFactory(owner=sales_user)
    with translation.override("pl"):
        polish_link, polish_token = share_link_create(asset=asset, deal=deal, user=sales_user)
    with translation.override("en"):
        english_link, english_token = share_link_create(asset=asset, deal=deal, user=sales_user)
    assert (polish_link.language, english_link.language) == ("pl", "en")

    # an English-speaking prospect still gets the sharer's Polish...
    page = client.get(f"/share/{polish_token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="pl"' in page
    assert "Udostępnione prywatnie dla Ciebie" in page
    assert "Klient:" in page
    # ...and a Polish-speaking one the sharer's English
    page = client.get(f"/share/{english_token}/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert 'lang="en"' in page
    assert "Shared privately with you" in page


@pytest.mark.django_db
def test_an_unknown_link_answers_in_the_browser_language(client):
    page = client.get("/share/not-a-token/", HTTP_ACCEPT_LANGUAGE="pl")
    assert page.status_code == 404
    assert "Ten link jest nieprawidłowy" in page.content.decode()


def test_money_in_polish_and_english():
    with translation.override("pl"):
        assert i18n.money(Decimal("1229400"), "PLN") == f"1{NBSP}229{NBSP}400,00 zł"
        assert i18n.money(Decimal("1229400.5"), "EUR") == f"1{NBSP}229{NBSP}400,50 EUR"
        rendered = Template("{% load insights_tags %}{{ v|money }} {{ c|currency_sign }}").render(
            Context({"v": Decimal("1229400"), "c": "PLN"})
        )
        assert rendered == f"1{NBSP}229{NBSP}400,00 zł"
    with translation.override("en"):
        assert i18n.money(Decimal("1229400"), "PLN") == "1,229,400.00 PLN"
        assert i18n.money(Decimal("0.006"), "USD") == "0.01 USD"  # rounded, not cut


def test_percentages_days_and_changes_in_polish():
    with translation.override("pl"):
        template = Template("{% load insights_tags %}{{ r|pct }}|{{ d|days }}|{{ one|days }}")
        assert (
            template.render(Context({"r": 0.4256, "d": 2.5, "one": 1})) == "42,6%|2,5 dni|1 dzień"
        )
        assert Delta(3.0, 5.0, "days", higher_is_better=False).text == "spadek o 2 dni z 5 dni"
        assert Delta(0.5, 0.4, "pct").text == "wzrost o 10,0 pkt proc. z 40,0%"
        assert (
            Template("{{ d|date:'DATE_FORMAT' }}").render(
                Context({"d": datetime.date(2026, 3, 23)})
            )
            == "23 marca 2026"
        )
    with translation.override("en"):
        assert Delta(3.0, 5.0, "days", higher_is_better=False).text == "down 2 days from 5 days"
        assert (
            Template("{{ d|date:'DATE_FORMAT' }}").render(
                Context({"d": datetime.date(2026, 3, 23)})
            )
            == "23 Mar 2026"
        )


@pytest.mark.parametrize("value", [None, 42, "pl\x00", "p" * 10_000, ["pl"], "de", "EN"])
def test_only_the_offered_languages_are_supported(value):
    assert i18n.supported_language(value) is None


def test_the_offered_languages_are_supported():
    assert [i18n.supported_language(code) for code in ("en", "pl")] == ["en", "pl"]
