"""In real headless Chromium: a manager picks a period preset and the KPIs change; every
insights page fits a 390 px phone without horizontal scrolling; screenshots for docs/."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.insights_world import world  # noqa: F401 (the known March 2026 world)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MARCH = "since=2026-03-01&until=2026-03-31"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def today_is_april_15(monkeypatch):
    """Presets count back from "today": pin it so the world's March is inside them."""
    monkeypatch.setattr(
        "enablement.insights.filters.timezone",
        SimpleNamespace(localdate=lambda: datetime.date(2026, 4, 15)),
    )


def _context(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _uses_card(page):
    return page.get_by_role("list", name="Headline figures").locator("li").first


def test_picking_a_preset_changes_the_kpis(
    world,  # noqa: F811
    today_is_april_15,
    manager_user,
    live_server,
    browser,
):
    page = _context(browser, live_server, manager_user, LAPTOP).new_page()
    page.goto(f"{live_server.url}/insights/")
    presets = page.get_by_role("navigation", name="Period presets")
    # Default: the last 30 days, 17 Mar - 15 Apr: 6 uses (Mar 18, 20, 28, 30, 31, Apr 1).
    expect(presets.get_by_role("link", name="Last 30 days")).to_have_attribute(
        "aria-current", "true"
    )
    expect(_uses_card(page).locator(".value")).to_have_text("6")

    presets.get_by_role("link", name="Last quarter").click()

    # Jan 1 - Mar 31: Jan 10, four in February and March's 12.
    expect(page).to_have_url(f"{live_server.url}/insights/?preset=last_quarter")
    expect(_uses_card(page).locator(".value")).to_have_text("17")
    expect(presets.get_by_role("link", name="Last quarter")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_role("textbox", name="From")).to_have_value("2026-01-01")
    expect(page.get_by_role("textbox", name="To (inclusive)")).to_have_value("2026-03-31")
    # Oct 3 - Dec 31, 2025 had no use: the change reads in words.
    expect(_uses_card(page).locator(".delta")).to_contain_text("up 17 from 0")


PAGES = ["/insights/", "/insights/assets/", "/insights/adoption/", "/insights/heatmap/"]


def test_every_insights_page_fits_a_390_px_phone(
    world,  # noqa: F811
    manager_user,
    live_server,
    browser,
):
    page = _context(browser, live_server, manager_user, PHONE).new_page()
    alpha = world.assets["A"].pk
    for path in [*PAGES, f"/insights/assets/{alpha}/"]:
        response = page.goto(f"{live_server.url}{path}?{MARCH}")
        assert response.status == 200, path

        width = page.evaluate("document.documentElement.scrollWidth")

        assert width <= 390, f"{path} is {width} px wide"
        tabs = page.get_by_role("navigation", name="Insights").get_by_role("link")
        for index in range(tabs.count()):
            box = tabs.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, index, box)
    # Wide tables scroll inside their own container, not the page.
    page.goto(f"{live_server.url}/insights/assets/?{MARCH}")
    scroller = page.locator("section[aria-labelledby='table-assets'] .scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    assert scroller.evaluate("el => getComputedStyle(el).overflowX") == "auto"


def test_screenshots_of_the_managers_page(
    world,  # noqa: F811
    manager_user,
    live_server,
    browser,
    tmp_path,
):
    # A temporary folder unless SCREENSHOT_DIR=docs asks to refresh the README's (as test_a11y),
    # so a test run never changes the checkout.
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(exist_ok=True)
    for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page = _context(browser, live_server, manager_user, viewport).new_page()
        page.goto(f"{live_server.url}/insights/?{MARCH}")
        expect(page.get_by_role("heading", name="Content insights")).to_be_visible()
        path = folder / f"screenshot-insights-{name}.png"

        page.screenshot(path=path, full_page=True)

        assert path.stat().st_size > 10_000
