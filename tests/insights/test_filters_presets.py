"""Period presets, the previous period, and hostile filter values (form, pages, API)."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from enablement.insights.filters import (
    PRESETS,
    StatsFilterForm,
    StatsFilters,
    preset_period,
)
from tests.insights.test_stats_api import client_for

D = datetime.date


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("last_30_days", D(2026, 5, 15), (D(2026, 4, 16), D(2026, 5, 15))),
        ("last_90_days", D(2026, 5, 15), (D(2026, 2, 15), D(2026, 5, 15))),
        ("this_quarter", D(2026, 5, 15), (D(2026, 4, 1), D(2026, 5, 15))),
        ("this_quarter", D(2026, 12, 31), (D(2026, 10, 1), D(2026, 12, 31))),
        ("last_quarter", D(2026, 5, 15), (D(2026, 1, 1), D(2026, 3, 31))),
        ("last_quarter", D(2026, 2, 10), (D(2025, 10, 1), D(2025, 12, 31))),
        ("this_year", D(2026, 5, 15), (D(2026, 1, 1), D(2026, 5, 15))),
    ],
)
def test_preset_periods(name, today, expected):
    assert preset_period(name, today=today) == expected


def test_previous_period_is_the_same_length_just_before():
    march = StatsFilters(since=D(2026, 3, 1), until=D(2026, 3, 31), preset="last_30_days")

    previous = march.previous()

    assert (previous.since, previous.until) == (D(2026, 1, 29), D(2026, 2, 28))
    assert previous.days == march.days == 31
    assert previous.preset == ""


def _form(data: dict, **kwargs) -> StatsFilterForm:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return StatsFilterForm(query, **kwargs)


@pytest.mark.django_db
def test_form_resolves_a_preset_to_dates(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 5, 15))

    form = _form({"preset": "last_quarter"}, allow_team=False)

    assert form.is_valid(), form.errors
    filters = form.filters()
    assert (filters.since, filters.until, filters.preset) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        "last_quarter",
    )
    assert filters.preset_label == "Last quarter"


@pytest.mark.django_db
def test_no_dates_is_the_named_default_preset(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 5, 15))

    form = _form({"segment": ""}, allow_team=False)

    assert form.is_valid(), form.errors
    assert form.filters().preset == "last_30_days"
    assert form.filters().since == D(2026, 4, 16)


@pytest.mark.django_db
def test_custom_dates_still_work():
    form = _form({"since": "2026-03-01", "until": "2026-03-31"}, allow_team=False)

    assert form.is_valid(), form.errors
    assert (form.filters().since, form.filters().preset) == (D(2026, 3, 1), "")


HOSTILE_PRESETS = [
    "last_7_days",
    "' OR 1=1 --",
    'this_year"><script>alert(1)</script>',
    "this_year\x00",
    "9" * 5000,
    "LAST_30_DAYS",
    ["this_year", "bogus"],
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE_PRESETS)
def test_bad_presets_are_form_errors(value):
    form = _form({"preset": value}, allow_team=False)

    assert not form.is_valid()
    assert "preset" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"preset": "this_year", "since": "2026-01-01"}, "preset"),
        ({"preset": "this_year", "until": "2026-01-01"}, "preset"),
        ({"since": "0001-01-01"}, "since"),
        ({"until": "0001-01-05"}, "until"),
        ({"until": "9999-12-31"}, "until"),
        ({"since": "2026-13-01"}, "since"),
        ({"since": "2026-03-01\x00"}, "since"),
        ({"since": "99999999999999999999-01-01"}, "since"),
        ({"since": "'; DROP TABLE deals; --"}, "since"),
        ({"since": "2026-04-01", "until": "2026-03-01"}, "since"),
        ({"since": "2020-01-01", "until": "2026-03-01"}, "since"),
    ],
)
def test_bad_dates_are_form_errors(data, field):
    form = _form(data, allow_team=False)

    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.parametrize("value", HOSTILE_PRESETS[:-1])
def test_dashboard_shows_a_bad_preset_as_an_error_never_a_500(client, manager_user, value):
    client.force_login(manager_user)

    response = client.get("/insights/", {"preset": value})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown period preset" in page
    assert "<script>alert(1)" not in page


def test_dashboard_preset_plus_dates_is_an_error(client, manager_user):
    client.force_login(manager_user)

    response = client.get("/insights/adoption/", {"preset": "this_year", "since": "2026-01-01"})

    assert response.status_code == 200
    assert "Choose a period preset or dates, not both." in response.content.decode()


@pytest.mark.parametrize("value", ["bogus", "x\x00", "1" * 3000])
def test_stats_api_rejects_a_bad_preset_naming_the_field(db, manager_user, value):
    response = client_for(manager_user).get("/api/v1/stats/summary/", {"preset": value})

    assert response.status_code == 400
    assert "preset" in response.json()["errors"]


def test_stats_api_accepts_a_preset(db, manager_user, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 5, 15))

    response = client_for(manager_user).get("/api/v1/stats/summary/", {"preset": "this_year"})

    assert response.status_code == 200, response.content


def test_preset_links_keep_segment_and_mark_the_current_one(client, manager_user):
    client.force_login(manager_user)

    page = client.get("/insights/", {"preset": "last_90_days"}).content.decode()

    for name, (label, _) in PRESETS.items():
        assert f'href="?preset={name}"' in page or f"preset={name}" in page, label
    assert 'href="?preset=last_90_days" aria-current="true">Last 90 days</a>' in page
    assert "<strong>Last 90 days</strong>" in page
