"""Manager dashboards: access, figures on the page, sorting, charts and CSV exports."""

from __future__ import annotations

import csv
import io

import pytest

from tests.insights.query_pins import IN_MEMORY

pytestmark = pytest.mark.django_db

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}
PAGES = [
    "/insights/",
    "/insights/assets/",
    "/insights/adoption/",
    "/insights/heatmap/",
]


@pytest.mark.parametrize("url", PAGES)
def test_only_managers_and_superusers(client, url, sales_user, marketing_user, manager_user):
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(sales_user)
    assert client.get(url).status_code == 403
    client.force_login(marketing_user)
    assert client.get(url).status_code == 403
    client.force_login(manager_user)
    assert client.get(url).status_code == 200


def test_keep_or_fix_for_managers_and_marketing(client, sales_user, marketing_user, manager_user):
    url = "/insights/keep-or-fix/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(sales_user)
    assert client.get(url).status_code == 403
    client.force_login(marketing_user)
    assert client.get(url).status_code == 200
    client.force_login(manager_user)
    assert client.get(url).status_code == 200


def test_nav_link_only_for_managers(client, sales_user, manager_user):
    client.force_login(sales_user)
    assert b'href="/insights/"' not in client.get("/insights/digest/").content
    client.force_login(manager_user)
    assert b'href="/insights/"' in client.get("/insights/digest/").content


def test_overview_shows_figures_and_svg_charts(client, world, manager_user):
    client.force_login(manager_user)

    page = client.get("/insights/", MARCH).content.decode()

    assert page.count("<svg") >= 3
    assert 'role="img"' in page
    assert "Uses (events)" in page  # axis units
    assert "5,000.00" in page  # influenced revenue
    assert "60.0%" in page  # win rate with content
    assert "not enough data" in page  # without content: 2 closed deals


def test_top_assets_sort_and_sample_sizes(client, world, manager_user):
    client.force_login(manager_user)

    by_win_rate = client.get("/insights/assets/", {**MARCH, "sort": "win_rate"}).content.decode()
    by_attributed = client.get(
        "/insights/assets/", {**MARCH, "sort": "attributed_revenue"}
    ).content.decode()

    assert by_win_rate.index("Alpha case") < by_win_rate.index("Beta deck")
    assert "Closed deals (sample)" in by_win_rate
    assert "3,833.33" in by_attributed
    assert by_attributed.index("Beta deck") < by_attributed.index("Gamma objection")


def test_csv_export_of_assets(client, world, manager_user):
    client.force_login(manager_user)

    response = client.get("/insights/assets/", {**MARCH, "export": "assets"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    alpha = next(row for row in rows if row["Asset"] == "Alpha case")
    assert (alpha["Uses"], alpha["Win rate"], alpha["Attributed revenue (USD)"]) == (
        "5",
        "0.6000",
        "3833.33",
    )
    beta = next(row for row in rows if row["Asset"] == "Beta deck")
    assert beta["Win rate"] == ""  # not enough data


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/insights/", "kpis"),
        ("/insights/", "lead_to_close"),
        ("/insights/", "content_gaps"),
        ("/insights/", "usage"),
        ("/insights/adoption/", "reps"),
        ("/insights/adoption/", "teams"),
        ("/insights/heatmap/", "heatmap_usage"),
        ("/insights/heatmap/", "heatmap_coverage"),
    ],
)
def test_every_table_exports_csv(client, world, manager_user, url, table):
    client.force_login(manager_user)

    response = client.get(url, {**MARCH, "export": table})

    assert response.status_code == 200
    assert f"{table}-2026-03-01-2026-03-31.csv" in response["Content-Disposition"]
    assert len(response.content.decode().splitlines()) >= 2


def test_asset_detail_trend_and_deals(client, world, manager_user):
    client.force_login(manager_user)
    url = f"/insights/assets/{world.assets['A'].pk}/"

    page = client.get(url, MARCH).content.decode()
    deals = client.get(url, {**MARCH, "export": "deals"}).content.decode()

    assert "<svg" in page
    assert "W2 (W2)" in page
    assert len(deals.splitlines()) == 1 + 7  # header + W0 W1 W2 W3 L1 L2 W5 (all time)
    assert client.get("/insights/assets/999999/").status_code == 404


def test_adoption_and_heatmap_pages(client, world, manager_user):
    client.force_login(manager_user)

    adoption = client.get("/insights/adoption/", MARCH).content.decode()
    heatmap = client.get("/insights/heatmap/", MARCH).content.decode()

    assert "Ann East" in adoption and "Team West" in adoption
    assert 'class="heat-5" title="5 uses"' in heatmap


def test_bad_filters_show_errors_and_defaults(client, manager_user):
    client.force_login(manager_user)

    response = client.get("/insights/", {"since": "2026-04-01", "until": "2026-03-01"})

    assert response.status_code == 200
    assert "since must be on or before until" in response.content.decode()


def test_team_filter(client, world, manager_user):
    client.force_login(manager_user)

    response = client.get("/insights/", {**MARCH, "team": "Team East", "export": "kpis"})

    assert "Uses (events),5," in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_dashboard_query_counts_are_bounded(
    client, world, manager_user, url, django_assert_max_num_queries
):
    client.force_login(manager_user)
    client.get(url, MARCH)  # warm caches (content types, session)

    with django_assert_max_num_queries(QUERY_BUDGET[url]):
        assert client.get(url, MARCH).status_code == 200


QUERY_BUDGET = {
    # Every page: + the site's branding (base.html). Overview: + the previous period's
    # summary (deltas), exchange rates (2 summaries) and content_confidence (intervals and the
    # like-for-like lift: 2); assets: + asset_confidence
    # (intervals, stratified lift: 2), the exchange rates (read by asset_performance and by
    # account_ltv: 2) and the won amounts without a rate (1). Every page: + the header's
    # unread notifications count. On PostgreSQL + IN_MEMORY per block of statements
    # that hash in memory (overview: the summaries, at most 2; assets: 1).
    "/insights/": 30 + 2 * IN_MEMORY,
    "/insights/assets/": 20 + IN_MEMORY,
    "/insights/keep-or-fix/": 16,
    "/insights/adoption/": 15,
    "/insights/heatmap/": 14,
}
