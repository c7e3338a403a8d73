"""In real headless Chromium: a manager opens the dashboard, the charts render with data
and a CSV downloads; a salesperson is refused."""

from __future__ import annotations

import csv

import pytest
from django.test import Client

MARCH = "since=2026-03-01&until=2026-03-31"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _context_for(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(accept_downloads=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_manager_sees_charts_and_downloads_csv(world, manager_user, live_server, browser, tmp_path):
    context = _context_for(browser, live_server, manager_user)
    page = context.new_page()

    response = page.goto(f"{live_server.url}/insights/?{MARCH}")

    assert response.status == 200
    assert page.get_by_role("heading", name="Content insights").is_visible()
    charts = page.locator("figure.chart svg[role='img']")
    assert charts.count() >= 3
    assert charts.first.bounding_box()["height"] > 100  # laid out, not collapsed
    # Data drawn: the usage line and the win-rate bars exist as SVG shapes.
    assert page.locator("figure.chart svg .series path, figure.chart svg .series rect").count() > 3
    assert "not enough data" in page.locator("figure.chart").nth(1).inner_text()

    with page.expect_download() as download_info:
        page.locator("section[aria-labelledby='table-kpis'] a.csv").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "kpis-2026-03-01-2026-03-31.csv"
    rows = {row[0]: row[1] for row in csv.reader(target.read_text().splitlines())}
    assert rows["Influenced revenue (won, full credit, USD)"] == "5,000.00 USD"
    assert rows["Win rate with content"] == "60.0%"

    page.goto(f"{live_server.url}/insights/assets/?{MARCH}&sort=attributed_revenue")
    first_row = page.locator("section[aria-labelledby='table-assets'] tbody tr").first
    assert "Alpha case" in first_row.inner_text()
    context.close()


def test_salesperson_is_refused(world, sales_user, live_server, browser):
    context = _context_for(browser, live_server, sales_user)
    page = context.new_page()

    response = page.goto(f"{live_server.url}/insights/")

    assert response.status == 403
    assert page.locator("nav[aria-label='Main'] >> text=Insights").count() == 0
    context.close()
