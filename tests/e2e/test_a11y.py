"""Accessibility in real headless Chromium: axe-core (shipped inside axe-playwright-python,
nothing fetched) on the library, an asset page, the prospect's share page, prep for a call
and the insights overview, at laptop and phone width. No serious or critical violation is
allowed; every violation found (any impact) is printed in the test output.

The same walk saves screenshots of each role's main page at 1280 and 390 px into
``$SCREENSHOT_DIR`` (``SCREENSHOT_DIR=docs`` refreshes the README's; otherwise a temporary
folder), so the pictures always show what the tests saw.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from content.models import AssetPage
from tests.factories import CaseStudyPageFactory, ObjectionPageFactory, PresentationPageFactory
from tests.tracking.factories import DealFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE = Axe()


def axe_violations(page, label: str) -> list[dict]:
    """Run axe-core on the page, print every violation, return the blocking ones."""
    results = AXE.run(page)
    violations = results.response["violations"]
    print(f"\n[axe] {label}: {len(violations)} violation(s)")
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
        print(f"  - {violation['impact']}: {violation['id']}: {violation['help']} -> {targets}")
    return [violation for violation in violations if violation["impact"] in BLOCKING]


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def world(settings, sales_user):
    from search.backends.base import get_search_backend
    from search.services import assets_sync

    settings.ENABLEMENT_SEARCH_REFRESH = True
    settings.ENABLEMENT_SEARCH_BACKEND = "search.backends.database.DatabaseBackend"
    get_search_backend().reset_index()
    story = CaseStudyPageFactory(
        title="Harborview Health cuts prior-auth time by 61%",
        summary="A 14-hospital network automated prior authorizations in one quarter.",
        customer="Harborview Health",
        industry="Healthcare",
        quote="We got our nurses back.",
        segments=["Healthcare", "Enterprise"],
        stages=["Discovery", "Proposal"],
        results=[("result", {"metric": "Prior-auth turnaround", "value": "-61%"})],
    )
    PresentationPageFactory(
        title="Platform overview deck",
        summary="The twelve-slide overview for a first meeting.",
        segments=["Enterprise", "Mid-Market"],
        stages=["Discovery", "Demo"],
    )
    ObjectionPageFactory(
        title="“It costs more than we planned”",
        segments=["Mid-Market"],
        stages=["Negotiation", "Proposal"],
    )
    CaseStudyPageFactory(
        title="Northwind Retail halves onboarding",
        summary="A retail chain onboarded 900 stores in six weeks.",
        segments=["Retail"],
        stages=["Proposal"],
    )
    assets_sync(asset_ids=AssetPage.objects.values_list("pk", flat=True))
    deal = DealFactory(
        owner=sales_user,
        name="Harborview expansion",
        account="Harborview Health",
        created_at=timezone.now(),
    )
    return {"story": story, "deal": deal}


def _check(page, label: str) -> list[str]:
    blocking = axe_violations(page, label)
    return [f"{label}: {v['impact']} {v['id']} ({v['help']})" for v in blocking]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_rep_pages_have_no_serious_violations(
    browser, live_server, login_as, sales_user, world, width, screenshot_dir
):
    from enablement.tracking.services import share_link_create

    context = browser.new_context(viewport=WIDTHS[width])
    context.set_default_timeout(10_000)
    page = context.new_page()
    login_as(page, live_server, sales_user)
    failures = []

    page.goto(f"{live_server.url}/library/")
    expect(page.locator(".cards .card").first).to_be_visible()
    failures += _check(page, f"library ({width})")
    page.screenshot(path=screenshot_dir / f"screenshot-rep-library-{width}.png")

    page.goto(f"{live_server.url}{world['story'].url}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harborview")
    failures += _check(page, f"asset page ({width})")

    page.goto(f"{live_server.url}/library/prep/?deal={world['deal'].pk}")
    expect(page.locator(".prep-results")).to_be_visible()
    failures += _check(page, f"prep for a call ({width})")

    # the prospect's page, signed out
    _, token = share_link_create(asset=world["story"], deal=world["deal"], user=sales_user)
    prospect = browser.new_context(viewport=WIDTHS[width]).new_page()
    prospect.goto(f"{live_server.url}/share/{token}/")
    expect(prospect.get_by_role("heading", level=1)).to_contain_text("Harborview")
    failures += _check(prospect, f"share page ({width})")

    # the deal page (with that link) and the notifications page with its email settings
    page.goto(f"{live_server.url}/deals/{world['deal'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Harborview expansion")
    failures += _check(page, f"deal page ({width})")
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_role("group", name="Also email me when")).to_be_visible()
    failures += _check(page, f"notifications ({width})")
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_manager_and_marketer_pages_have_no_serious_violations(
    browser, live_server, login_as, manager_user, marketing_user, world, width, screenshot_dir
):
    failures = []
    context = browser.new_context(viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    page = context.new_page()
    login_as(page, live_server, manager_user)
    page.goto(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    failures += _check(page, f"insights overview ({width})")
    context.close()

    # the marketer's main page: the admin's Reports index (Wagtail's own markup)
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    login_as(page, live_server, marketing_user)
    page.goto(f"{live_server.url}/cms/reports/")
    expect(page.get_by_role("link", name="Coverage")).to_be_visible()
    page.screenshot(path=screenshot_dir / f"screenshot-marketer-reports-{width}.png")
    context.close()
    assert not failures, "\n".join(failures)


def test_axe_reports_what_it_should(page):
    # A page with known faults, so a silent axe (not injected, wrong API) cannot pass.
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>'
        "</main></body></html>"
    )
    blocking = {violation["id"] for violation in axe_violations(page, "known faults")}
    assert {"image-alt", "button-name"} <= blocking
