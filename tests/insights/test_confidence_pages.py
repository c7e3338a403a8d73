"""Intervals on the surfaces: stats API, CSV exports, asset page, keep / fix page."""

from __future__ import annotations

import csv
import io

import pytest
from rest_framework.test import APIClient

from tests.factories import CaseStudyPageFactory
from tests.insights.query_pins import IN_MEMORY
from tests.insights.test_confidence import deals

pytestmark = pytest.mark.django_db

MARCH = {"since": "2026-03-01", "until": "2026-03-31"}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_summary_api_has_intervals(world, manager_user):
    body = api(manager_user).get("/api/v1/stats/summary/", MARCH).json()

    # with content 3/5: Wilson by hand, centre (0.6 + 0.38415) / 1.76829 = 0.55655,
    # half-width 1.96 * sqrt(0.048 + 0.038415) / 1.76829 = 0.32583
    assert body["win_rate_with_content_ci"] == pytest.approx([0.23072, 0.88238], abs=1e-5)
    # without content 1/2: not enough data, so no interval either (the rule stays)
    assert body["win_rate_without_content"] is None
    assert body["win_rate_without_content_ci"] is None
    assert body["content_lift"] is None and body["content_lift_ci"] is None
    assert body["stratified_content_lift"] is None
    # won with content: W1 38 days, W2 20, W3 10 -> median 20 (as the existing figure)
    assert body["median_days_to_close_with_content"] == 20.0
    low, high = body["median_days_to_close_with_content_ci"]
    assert 10.0 <= low <= 20.0 <= high <= 38.0
    # won with content 1000 + 3000 + 1000, lost L1 L2 -> 5000 / 5 closed deals
    assert body["influenced_revenue_per_deal"] == 1000.0


def test_assets_api_has_intervals_and_verdicts(client, rep, manager_user):
    asset = CaseStudyPageFactory(title="Early helper", segments=["SMB"])
    deals(rep, stage_name="Demo", won=4, lost=16, asset=asset)
    deals(rep, stage_name="Demo", won=0, lost=10)
    deals(rep, stage_name="Closing", won=8, lost=2, asset=asset)
    deals(rep, stage_name="Closing", won=12, lost=8)
    from enablement.tracking.services import usage_rollup_run

    usage_rollup_run()

    results = api(manager_user).get("/api/v1/stats/assets/", MARCH).json()["results"]
    row = next(r for r in results if r["asset_id"] == asset.pk)

    assert row["win_rate"] == pytest.approx(0.4)
    assert row["win_rate_ci"] == pytest.approx([0.24591, 0.57680], abs=1e-5)  # Wilson 12/30
    assert row["win_rate_lift"] == pytest.approx(0.0)
    low, high = row["win_rate_lift_ci"]
    assert low < 0 < high
    assert row["stratified_win_rate_lift"] == pytest.approx(0.2)
    assert row["stratified_win_rate_lift_ci"] == pytest.approx([0.01406, 0.38594], abs=1e-5)
    assert row["verdict"] == "keep" and row["deals_needed"] is None
    others = [r for r in results if r["asset_id"] != asset.pk]
    assert all(r["verdict"] == "unknown" and r["deals_needed"] == 193 for r in others)

    # the CSV export of the assets table carries the interval columns
    client.force_login(manager_user)
    response = client.get("/insights/assets/", {**MARCH, "export": "assets"})
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    line = next(line for line in lines if line["Asset"] == "Early helper")
    assert line["Win rate 95 % interval low"] == "0.2459"
    assert line["Win rate 95 % interval high"] == "0.5768"
    assert line["Like-for-like lift"] == "0.2000"
    assert line["Like-for-like 95 % interval low"] == "0.0141"
    assert line["Verdict"] == "keep"

    # the asset page says which figure to trust, with ranges and an error bar
    page = client.get(f"/insights/assets/{asset.pk}/", MARCH).content.decode()
    assert "Trust the like-for-like lift, +20.0 points" in page
    assert "+1.4 to +38.6 points" in page
    assert "Keep it." in page
    assert 'class="ci"' in page  # pygal's error bar
    assert "24.6% to 57.7%" in page  # Wilson 12/30

    # and the keep / fix page lists it as clearly helping
    page = client.get("/insights/keep-or-fix/", MARCH).content.decode()
    keep = page.split('id="table-keep"')[1].split('id="table-fix"')[0]
    assert "Early helper" in keep
    export = client.get("/insights/keep-or-fix/", {**MARCH, "export": "unknown"})
    unknown = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert "Early helper" not in {line["Asset"] for line in unknown}


@pytest.fixture
def rep(library):
    from content.groups import SALES
    from tests.factories import UserFactory

    return UserFactory(username="rep", groups=[SALES])


def test_asset_page_with_too_few_deals_says_so(client, world, manager_user):
    client.force_login(manager_user)
    beta = world.assets["B"]  # W1 and W3 closed in March: two deals

    page = client.get(f"/insights/assets/{beta.pk}/", MARCH).content.decode()

    assert "Too few closed deals to say anything yet" in page
    assert "closed deals with it" in page  # the deals needed


def test_asset_page_query_count_is_pinned(client, world, manager_user, django_assert_num_queries):
    client.force_login(manager_user)
    url = f"/insights/assets/{world.assets['A'].pk}/"
    client.get(url, MARCH)
    # 18 before the intervals, +3: asset_confidence (2) and asset_value (1); +1 the site's
    # branding (base.html); +4 currency: the exchange rates (read by the performance, LTV and
    # value figures: 3) and the won amounts without a rate (1); +1 the header's unread
    # notifications count; +1 the asset's translation group (the "count its translations
    # too" toggle); +1 the share links' page-by-page drop-off; on PostgreSQL + IN_MEMORY
    # twice (asset_confidence's and asset_performance's statements hash in memory)
    with django_assert_num_queries(29 + 2 * IN_MEMORY):
        assert client.get(url, MARCH).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2026-03-01\x00", "until": "2026-03-31"},
        {"since": "'; DROP TABLE deals; --"},
        {"until": "99999999-01-01"},
        {"segment": '"><script>alert(1)</script>'},
        {"team": "\x00"},
        {"since": ["2026-03-01", "2026-04-01"]},
    ],
)
def test_keep_fix_page_refuses_bad_filters_without_500(client, manager_user, params):
    client.force_login(manager_user)
    response = client.get("/insights/keep-or-fix/", params)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_keep_fix_unknown_export_is_404(client, manager_user):
    client.force_login(manager_user)
    assert client.get("/insights/keep-or-fix/", {"export": "nope\x00"}).status_code == 404


def test_openapi_documents_the_intervals(manager_user):
    schema = api(manager_user).get("/api/v1/schema/", {"format": "json"}).json()

    assets = schema["components"]["schemas"]["StatsAsset"]["properties"]
    assert assets["win_rate_ci"]["type"] == "array"
    assert assets["win_rate_ci"]["nullable"] is True
    assert (assets["win_rate_ci"]["minItems"], assets["win_rate_ci"]["maxItems"]) == (2, 2)
    assert "Mantel-Haenszel" in assets["stratified_win_rate_lift"]["description"]
    assert {"win_rate_lift_ci", "stratified_win_rate_lift_ci", "verdict", "deals_needed"} <= set(
        assets
    )
    summary = schema["components"]["schemas"]["StatsSummary"]["properties"]
    assert {"win_rate_with_content_ci", "content_lift_ci", "stratified_content_lift"} <= set(
        summary
    )


def test_overview_shows_the_win_rate_range_and_the_like_for_like_lift(client, world, manager_user):
    client.force_login(manager_user)

    page = client.get("/insights/", MARCH).content.decode()

    # with content 3/5 (the Wilson interval of the summary API test above), as a range on the
    # KPI card and in the win-rate chart's whiskers and its table
    assert "95 % range 23.1% to 88.2%" in page
    assert "lift like for like" in page
    assert "95 % interval, low" in page  # the chart's numbers table has the interval
    assert "23.1" in page and "88.2" in page


def test_keep_fix_opens_to_marketing_without_the_manager_tabs(client, world, marketing_user):
    client.force_login(marketing_user)
    alpha = world.assets["A"]

    response = client.get("/insights/keep-or-fix/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "What to keep, what to fix" in page
    # the dashboards stay Managers-only: no tab to them, and they refuse Marketing
    assert 'href="/insights/"' not in page and "/insights/assets/" not in page
    assert f"/cms/pages/{alpha.pk}/edit/" in page  # the asset's editor (its Usage tab) instead
    assert client.get("/insights/").status_code == 403
    assert client.get(f"/insights/assets/{alpha.pk}/").status_code == 403


def test_keep_fix_still_refuses_sales(client, world, sales_user):
    client.force_login(sales_user)
    assert client.get("/insights/keep-or-fix/").status_code == 403


def test_managers_keep_the_tabs_and_the_insights_links(client, world, manager_user):
    client.force_login(manager_user)
    page = client.get("/insights/keep-or-fix/").content.decode()
    assert 'href="/insights/"' in page
    assert f"/insights/assets/{world.assets['A'].pk}/" in page


def test_keep_fix_is_in_the_marketing_reports_menu(client, marketing_user, sales_user):
    client.force_login(marketing_user)
    assert "/insights/keep-or-fix/" in client.get("/cms/reports/").content.decode()
    client.force_login(sales_user)
    assert "/insights/keep-or-fix/" not in client.get("/cms/reports/").content.decode()
