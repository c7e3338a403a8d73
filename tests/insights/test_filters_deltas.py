"""Compare-to-previous-period deltas: the words, the tone, and the overview showing them."""

from __future__ import annotations

from decimal import Decimal

from enablement.insights.deltas import Delta
from tests.insights.test_dashboards import MARCH


def test_fewer_days_to_close_is_down_and_good():
    delta = Delta(3.0, 5.0, "days", higher_is_better=False)

    assert (delta.direction, delta.tone, delta.arrow) == ("down", "good", "▼")
    assert delta.text == "down 2 days from 5 days"


def test_rates_change_in_points():
    delta = Delta(0.5, 0.4, "pct")

    assert (delta.direction, delta.tone) == ("up", "good")
    assert delta.text == "up 10.0 points from 40.0%"


def test_money_carries_its_currency():
    delta = Delta(Decimal("1500.00"), Decimal("2000.00"), "money", currency="EUR")

    assert delta.tone == "bad"
    assert delta.text == "down 500.00 EUR from 2,000.00 EUR"


def test_unchanged_and_missing_figures():
    assert Delta(4, 4, "int").text == "unchanged from 4"
    assert Delta(4, 4, "int").tone == "neutral"
    missing = Delta(0.5, None, "pct")
    assert (missing.direction, missing.arrow, missing.tone) == (None, "", "neutral")
    assert missing.text == "no figure for the previous period"
    assert Delta(None, 0.25, "pct").text == "was 25.0%"


def test_overview_shows_deltas_against_the_previous_31_days(client, world, manager_user):
    # March has 12 uses by 3 people; 29 Jan - 28 Feb (the 31 days before) has 4 uses by 2.
    client.force_login(manager_user)

    page = client.get("/insights/", MARCH).content.decode()

    assert "compare with the previous 31 days (29 Jan 2026 \u2013 28 Feb 2026)" in page
    assert (
        '<span class="delta delta-good"><span aria-hidden="true">▲</span> up 8 from 4'
        '<span class="visually-hidden"> in the previous 31 days</span></span>'
    ) in page
    assert "up 1 from 2" in page


def test_kpi_csv_has_previous_period_and_change(client, world, manager_user):
    client.force_login(manager_user)

    csv = client.get("/insights/", {**MARCH, "export": "kpis"}).content.decode()

    assert csv.splitlines()[0] == "Metric,Value,Sample,Previous period,Change"
    assert "Uses (events),12,,4,up 8 from 4" in csv
    assert "Active users,3,,2,up 1 from 2" in csv
