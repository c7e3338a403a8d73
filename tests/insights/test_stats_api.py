"""GET /api/v1/stats/summary/ and /api/v1/stats/assets/ (DESIGN §7), Managers only."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.insights.query_pins import IN_MEMORY

pytestmark = pytest.mark.django_db

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}
SUMMARY_KEYS = {
    "assets_live",
    "assets_used",
    "unused_share",
    "active_users",
    "uses",
    "deals_influenced",
    "influenced_revenue",
    "baseline_win_rate",
    "win_rate_with_content",
    "win_rate_without_content",
    "median_days_to_close_with_content",
    "median_days_to_close_all",
    "freshness",
}
ASSET_KEYS = {
    "asset_id",
    "title",
    "type",
    "uses",
    "users",
    "deals_influenced",
    "deals_won",
    "deals_lost",
    "win_rate",
    "win_rate_lift",
    "win_rate_ci",
    "win_rate_lift_ci",
    "stratified_win_rate_lift",
    "stratified_win_rate_lift_ci",
    "verdict",
    "deals_needed",
    "influenced_revenue",
    "attributed_revenue",
    "last_used_at",
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", ["/api/v1/stats/summary/", "/api/v1/stats/assets/"])
def test_only_managers_and_superusers(url, sales_user, marketing_user, manager_user, superuser):
    assert APIClient().get(url).status_code in (401, 403)
    assert client_for(sales_user).get(url).status_code == 403
    assert client_for(marketing_user).get(url).status_code == 403
    assert client_for(manager_user).get(url).status_code == 200
    assert client_for(superuser).get(url).status_code == 200


def test_summary_shape_and_values(world, manager_user):
    response = client_for(manager_user).get("/api/v1/stats/summary/", MARCH)

    body = response.json()
    assert response.status_code == 200
    assert set(body) >= SUMMARY_KEYS
    assert body["uses"] == 12
    assert body["influenced_revenue"] == "5000.00"
    assert body["win_rate_with_content"] == pytest.approx(0.6)
    assert body["win_rate_without_content"] is None
    assert body["median_days_to_close_all"] == 15.0
    assert body["account_ltv"]["median"] == "2250.00"
    assert body["lead_to_close_by_segment"][0] == {
        "segment": "Enterprise",
        "won_deals": 3,
        "median_days": 20.0,
    }


def test_assets_shape_and_values(world, manager_user):
    response = client_for(manager_user).get(
        "/api/v1/stats/assets/", {**MARCH, "segment": "enterprise"}
    )

    results = response.json()["results"]
    assert response.status_code == 200
    assert all(set(row) == ASSET_KEYS for row in results)
    alpha = next(row for row in results if row["title"] == "Alpha case")
    assert alpha["type"] == "case_study"
    assert alpha["last_used_at"] == "2026-03-30"
    assert alpha["attributed_revenue"] == "3500.00"  # Enterprise deals only: W1 half + W2
    assert alpha["win_rate"] is None  # W1 W2 L1 L2: four closed Enterprise deals


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2026-04-01", "until": "2026-03-01"}, "since"),
        ({"segment": "No such segment"}, "segment"),
    ],
)
def test_bad_filters_are_400_with_errors(params, field, manager_user):
    for url in ("/api/v1/stats/summary/", "/api/v1/stats/assets/"):
        response = client_for(manager_user).get(url, params)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]


def test_summary_query_count_is_pinned(world, django_assert_max_num_queries):
    manager = UserFactory(username="boss", is_superuser=True)
    client = client_for(manager)
    # The intervals cost no query of their own: the summary and its intervals read the
    # closed deals once (summary_stats), the assets' outcomes and strata come from one
    # pass (asset_stats) plus the strata totals; + the exchange rates; assets also + the
    # won amounts without a rate; + the deal-data generation, under which the account
    # values are cached (computed by one more query the first time only). Any period
    # costs the same (a year no more than a month); + IN_MEMORY on PostgreSQL, once per
    # request: its statements hash in memory.
    year = {"since": "2025-04-01", "until": "2026-03-31"}
    with django_assert_max_num_queries(9 + IN_MEMORY):  # the account values computed once
        assert client.get("/api/v1/stats/summary/", year).status_code == 200
    for period in (MARCH, year):
        with django_assert_max_num_queries(8 + IN_MEMORY):
            assert client.get("/api/v1/stats/summary/", period).status_code == 200
        with django_assert_max_num_queries(8 + IN_MEMORY):
            assert client.get("/api/v1/stats/assets/", period).status_code == 200


def test_openapi_documents_both_endpoints(manager_user):
    schema = client_for(manager_user).get("/api/v1/schema/", {"format": "json"})

    text = schema.content.decode()
    assert "/api/v1/stats/summary/" in text and "/api/v1/stats/assets/" in text
    assert "win_rate_with_content" in text and "attributed_revenue" in text


def test_query_counts_do_not_grow_with_the_period(world):
    """A year costs the same number of queries as a month (distinct users from the user
    bitmaps: one statement whatever the period's months and edge days)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(UserFactory(username="boss", is_superuser=True))
    year = {"since": "2025-04-17", "until": "2026-04-16"}  # partial months at both ends
    for url in ("/api/v1/stats/summary/", "/api/v1/stats/assets/"):
        counts = []
        for params in (MARCH, year):
            client.get(url, params)  # warm (session, content types)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, params).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1] <= 11, (url, counts)
